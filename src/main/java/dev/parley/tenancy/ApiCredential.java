package dev.parley.tenancy;

/**
 * A tenant's API credential for a dialect that signs its requests. Its secret stays inside this module:
 * {@link ApiCredentials#signatureMatches} checks a signature with it, and nothing hands it out after issue.
 */
public final class ApiCredential {

    private final TenantId tenant;
    private final long id;
    private final String secret;

    ApiCredential(TenantId tenant, long id, String secret) {
        this.tenant = tenant;
        this.id = id;
        this.secret = secret;
    }

    public TenantId tenant() {
        return tenant;
    }

    public long id() {
        return id;
    }

    String secret() {
        return secret;
    }

    @Override
    public String toString() {
        return "ApiCredential[tenant=" + tenant + ", id=" + id + "]";
    }
}
