package dev.parley.contacts;

import java.util.List;

/**
 * The fields of a contact as a caller gives them, before they are checked. On an update, a null field
 * is left as it is, and a list that is given replaces the one stored.
 */
public record ContactDraft(
        String kind,
        String firstName,
        String middleName,
        String lastName,
        List<String> emails,
        List<String> phones,
        List<PetDraft> pets,
        String externalId,
        String externalIdType,
        Boolean inactive) {

    /** A pet or dependent as a caller gives it. */
    public record PetDraft(String name, String species, Boolean deceased) {}
}
