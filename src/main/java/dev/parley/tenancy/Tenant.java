package dev.parley.tenancy;

import java.time.Instant;

/** An organisation that uses Parley: a clinic group, a practice, a care provider. */
public record Tenant(TenantId id, String name, String subdomain, String timezone, String country, Instant createdAt) {}
