package dev.parley.contacts;

/** A pet or other dependent of a contact. */
public record Pet(long id, String name, String species, boolean deceased) {}
