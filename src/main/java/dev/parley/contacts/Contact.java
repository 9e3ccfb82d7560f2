package dev.parley.contacts;

import dev.parley.tenancy.TenantId;
import java.time.Instant;
import java.util.List;

/** A person the practice talks to, with the addresses that reach them and their pets or dependents. */
public record Contact(
        TenantId tenantId,
        long id,
        ContactKind kind,
        String firstName,
        String middleName,
        String lastName,
        String externalId,
        String externalIdType,
        boolean inactive,
        List<String> phones,
        List<String> emails,
        List<Pet> pets,
        Instant createdAt,
        Instant updatedAt) {

    /** "First Last", leaving out what is missing. */
    public String displayName() {
        return summary().displayName();
    }

    /** Who the contact is, without its addresses and pets. */
    public ContactSummary summary() {
        return new ContactSummary(id, kind, firstName, lastName);
    }
}
