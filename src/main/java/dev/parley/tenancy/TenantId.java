package dev.parley.tenancy;

/** The identity of a tenant (an organisation); every query in Parley takes one. */
public record TenantId(long value) {

    public TenantId {
        if (value <= 0) {
            throw new IllegalArgumentException("A tenant id is positive, not " + value);
        }
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
