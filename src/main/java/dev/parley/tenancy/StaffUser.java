package dev.parley.tenancy;

/** A person at the practice who reads and answers messages. */
public record StaffUser(long id, String name, String email, String imageUrl) {}
