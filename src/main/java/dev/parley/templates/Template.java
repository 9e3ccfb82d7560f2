package dev.parley.templates;

import java.time.Instant;

/** A reusable text; {@code order} is its 1-based place in the tenant's list. */
public record Template(long id, Long locationId, String name, String body, int order, Instant lastUsedAt,
                       Instant createdAt, Instant updatedAt) {}
