package dev.parley.dialects.carehq;

import dev.parley.tenancy.TenantId;

/** The tenant and credential a signed request came from; {@link SignedRequests} puts it on the request. */
record CareHqCaller(TenantId tenant, long credentialId) {

    static final String ATTRIBUTE = "dev.parley.dialects.carehq.CareHqCaller";
}
