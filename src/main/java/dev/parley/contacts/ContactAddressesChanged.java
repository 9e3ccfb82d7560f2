package dev.parley.contacts;

import dev.parley.tenancy.TenantId;
import java.util.List;

/**
 * A contact was created or its phones or emails changed; published inside the transaction that made
 * the change, so that conversations with those addresses can be linked to it in the same transaction.
 */
public record ContactAddressesChanged(TenantId tenant, long contactId, List<String> phones, List<String> emails) {}
