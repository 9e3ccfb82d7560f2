-- API credentials for the dialects that sign their requests (CareHQ): an API key and a secret, per
-- tenant. The account id the integrator sends is the tenant's id, so every lookup leads with tenant_id
-- like everything else (docs/adr/0010-signed-request-credentials.md).
CREATE TABLE api_credential (
    tenant_id     bigint NOT NULL REFERENCES tenant (tenant_id),
    credential_id bigint GENERATED ALWAYS AS IDENTITY,
    dialect       text NOT NULL CHECK (dialect IN ('carehq')),
    name          text,
    api_key       text NOT NULL,
    -- The secret itself, not a hash: verifying an HMAC needs it. In production it should be encrypted at
    -- rest with a key the server holds outside the database (see the ADR).
    secret        text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    revoked_at    timestamptz,
    PRIMARY KEY (tenant_id, credential_id)
);
CREATE UNIQUE INDEX api_credential_key ON api_credential (tenant_id, api_key);

-- Nonces a credential has signed with, kept while their signed timestamp could still be accepted, so a
-- captured request cannot be replayed. Older ones are purged as requests come.
CREATE TABLE api_credential_nonce (
    tenant_id     bigint NOT NULL,
    credential_id bigint NOT NULL,
    nonce         text NOT NULL,
    signed_at     timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, credential_id, nonce),
    FOREIGN KEY (tenant_id, credential_id) REFERENCES api_credential (tenant_id, credential_id) ON DELETE CASCADE
);
CREATE INDEX api_credential_nonce_age_idx ON api_credential_nonce (tenant_id, credential_id, signed_at);

-- A fixed window of requests per credential, shared by every node: the window starts with the first
-- request after the previous one ended, and counts the requests made in it.
CREATE TABLE api_credential_window (
    tenant_id     bigint NOT NULL,
    credential_id bigint NOT NULL,
    window_start  timestamptz NOT NULL,
    request_count int NOT NULL,
    PRIMARY KEY (tenant_id, credential_id),
    FOREIGN KEY (tenant_id, credential_id) REFERENCES api_credential (tenant_id, credential_id) ON DELETE CASCADE
);
