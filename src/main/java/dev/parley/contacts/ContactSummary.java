package dev.parley.contacts;

/** What a list shows of a contact: who it is, without its phones, emails and pets. */
public record ContactSummary(long id, ContactKind kind, String firstName, String lastName) {}
