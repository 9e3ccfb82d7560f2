package dev.parley.contacts;

import dev.parley.tenancy.TenantId;

/** An address opted out or back in; published inside the transaction that recorded it. */
public record ConsentChanged(TenantId tenant, Consent consent) {}
