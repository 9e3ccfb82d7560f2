package dev.parley.contacts;

import java.util.List;

/**
 * What a list of clients shows of a contact: its names, its first email and its pets, without its other
 * addresses or anything else a whole {@link Contact} carries.
 */
public record ContactCard(long id, String firstName, String lastName, String firstEmail, List<Pet> pets) {}
