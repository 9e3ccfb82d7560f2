-- Parley's core model. Every tenant-owned table carries tenant_id, and it leads every
-- primary key, foreign key and index, so tenants stay apart in every query and the schema
-- can be distributed by tenant_id (Citus) without cross-tenant joins.
-- The two exceptions are named where they occur (platform_secret, location_address's
-- global routing index); see docs/adr/0003-tenant-id-leads-every-key.md.

CREATE TABLE platform_secret (
    name        text PRIMARY KEY,
    secret_hash bytea NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tenant (
    tenant_id  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text NOT NULL,
    subdomain  text NOT NULL,
    timezone   text NOT NULL,
    country    text NOT NULL DEFAULT 'US',
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT tenant_subdomain_format CHECK (subdomain ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$')
);
CREATE UNIQUE INDEX tenant_subdomain_key ON tenant (subdomain);

CREATE TABLE location (
    tenant_id   bigint NOT NULL REFERENCES tenant (tenant_id),
    location_id bigint GENERATED ALWAYS AS IDENTITY,
    name        text NOT NULL,
    timezone    text NOT NULL,
    country     text NOT NULL,
    help_text   text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, location_id)
);

-- A location's own addresses: its SMS numbers and email addresses.
CREATE TABLE location_address (
    tenant_id   bigint NOT NULL,
    location_id bigint NOT NULL,
    channel     text NOT NULL CHECK (channel IN ('sms', 'email')),
    address     text NOT NULL,
    is_primary  boolean NOT NULL DEFAULT true,
    PRIMARY KEY (tenant_id, location_id, channel, address),
    FOREIGN KEY (tenant_id, location_id) REFERENCES location (tenant_id, location_id) ON DELETE CASCADE
);
-- The one index that does not lead with tenant_id: an inbound message names only the number or
-- address it was sent to, and that must find its tenant. An address belongs to one location.
CREATE UNIQUE INDEX location_address_routing_key ON location_address (channel, address);

CREATE TABLE staff_user (
    tenant_id     bigint NOT NULL REFERENCES tenant (tenant_id),
    staff_user_id bigint GENERATED ALWAYS AS IDENTITY,
    name          text NOT NULL,
    email         text,
    image_url     text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, staff_user_id)
);

CREATE TABLE api_token (
    tenant_id    bigint NOT NULL REFERENCES tenant (tenant_id),
    token_id     bigint GENERATED ALWAYS AS IDENTITY,
    name         text NOT NULL,
    secret_hash  bytea NOT NULL,
    scopes       text[] NOT NULL,
    location_id  bigint,
    created_at   timestamptz NOT NULL DEFAULT now(),
    revoked_at   timestamptz,
    PRIMARY KEY (tenant_id, token_id),
    FOREIGN KEY (tenant_id, location_id) REFERENCES location (tenant_id, location_id)
);

CREATE TABLE contact (
    tenant_id        bigint NOT NULL REFERENCES tenant (tenant_id),
    contact_id       bigint GENERATED ALWAYS AS IDENTITY,
    kind             text NOT NULL CHECK (kind IN ('client', 'patient', 'care_seeker', 'service_user',
                                                   'service_user_contact', 'location_contact')),
    first_name       text,
    middle_name      text,
    last_name        text,
    external_id      text,
    external_id_type text,
    inactive         boolean NOT NULL DEFAULT false,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, contact_id)
);
CREATE UNIQUE INDEX contact_external_id_key ON contact (tenant_id, external_id_type, external_id)
    NULLS NOT DISTINCT WHERE external_id IS NOT NULL;
CREATE INDEX contact_last_name_idx ON contact (tenant_id, lower(last_name), lower(first_name));

CREATE TABLE contact_phone (
    tenant_id        bigint NOT NULL,
    contact_phone_id bigint GENERATED ALWAYS AS IDENTITY,
    contact_id       bigint NOT NULL,
    e164             text NOT NULL CHECK (e164 ~ '^\+[1-9][0-9]{6,14}$'),
    position         int NOT NULL,
    PRIMARY KEY (tenant_id, contact_phone_id),
    FOREIGN KEY (tenant_id, contact_id) REFERENCES contact (tenant_id, contact_id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX contact_phone_contact_key ON contact_phone (tenant_id, contact_id, e164);
CREATE INDEX contact_phone_e164_idx ON contact_phone (tenant_id, e164);

CREATE TABLE contact_email (
    tenant_id  bigint NOT NULL,
    contact_id bigint NOT NULL,
    email      text NOT NULL,
    position   int NOT NULL,
    PRIMARY KEY (tenant_id, contact_id, email),
    FOREIGN KEY (tenant_id, contact_id) REFERENCES contact (tenant_id, contact_id) ON DELETE CASCADE
);
CREATE INDEX contact_email_lower_idx ON contact_email (tenant_id, lower(email));

CREATE TABLE pet (
    tenant_id  bigint NOT NULL,
    pet_id     bigint GENERATED ALWAYS AS IDENTITY,
    contact_id bigint NOT NULL,
    name       text NOT NULL,
    species    text,
    deceased   boolean NOT NULL DEFAULT false,
    position   int NOT NULL,
    PRIMARY KEY (tenant_id, pet_id),
    FOREIGN KEY (tenant_id, contact_id) REFERENCES contact (tenant_id, contact_id) ON DELETE CASCADE
);
CREATE INDEX pet_contact_idx ON pet (tenant_id, contact_id, position);

-- Consent belongs to an address (a number can text STOP without being anyone's contact),
-- per channel and category; its history says who or what changed it, when and how.
CREATE TABLE consent (
    tenant_id  bigint NOT NULL REFERENCES tenant (tenant_id),
    channel    text NOT NULL CHECK (channel IN ('sms', 'email')),
    address    text NOT NULL,
    category   text NOT NULL CHECK (category IN ('care', 'marketing')),
    status     text NOT NULL CHECK (status IN ('opted_in', 'opted_out')),
    changed_at timestamptz NOT NULL,
    source     text NOT NULL,
    detail     text,
    PRIMARY KEY (tenant_id, channel, address, category)
);

CREATE TABLE consent_event (
    tenant_id        bigint NOT NULL REFERENCES tenant (tenant_id),
    consent_event_id bigint GENERATED ALWAYS AS IDENTITY,
    channel          text NOT NULL,
    address          text NOT NULL,
    category         text NOT NULL,
    status           text NOT NULL,
    occurred_at      timestamptz NOT NULL,
    source           text NOT NULL,
    detail           text,
    PRIMARY KEY (tenant_id, consent_event_id)
);
CREATE INDEX consent_event_address_idx ON consent_event (tenant_id, channel, address, occurred_at);

CREATE TABLE conversation (
    tenant_id            bigint NOT NULL,
    conversation_id      bigint GENERATED ALWAYS AS IDENTITY,
    location_id          bigint NOT NULL,
    channel              text NOT NULL CHECK (channel IN ('sms', 'email')),
    counterpart          text NOT NULL,
    contact_id           bigint,
    status               text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'pending', 'snoozed', 'resolved')),
    snoozed_until        timestamptz,
    assignee_id          bigint,
    tags                 text[] NOT NULL DEFAULT '{}',
    unread_count         int NOT NULL DEFAULT 0 CHECK (unread_count >= 0),
    message_count        int NOT NULL DEFAULT 0 CHECK (message_count >= 0),
    last_message_id      bigint,
    last_message_at      timestamptz,
    last_activity_at     timestamptz NOT NULL,
    awaiting_reply_since timestamptz,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, conversation_id),
    FOREIGN KEY (tenant_id, location_id) REFERENCES location (tenant_id, location_id),
    FOREIGN KEY (tenant_id, contact_id) REFERENCES contact (tenant_id, contact_id) ON DELETE SET NULL (contact_id),
    FOREIGN KEY (tenant_id, assignee_id) REFERENCES staff_user (tenant_id, staff_user_id) ON DELETE SET NULL (assignee_id)
);
CREATE UNIQUE INDEX conversation_thread_key ON conversation (tenant_id, location_id, channel, counterpart);
CREATE INDEX conversation_activity_idx ON conversation (tenant_id, last_activity_at DESC, conversation_id DESC);
CREATE INDEX conversation_location_activity_idx
    ON conversation (tenant_id, location_id, last_activity_at DESC, conversation_id DESC);
CREATE INDEX conversation_contact_idx ON conversation (tenant_id, contact_id) WHERE contact_id IS NOT NULL;
CREATE INDEX conversation_counterpart_idx ON conversation (tenant_id, channel, counterpart);
CREATE INDEX conversation_awaiting_idx ON conversation (tenant_id, awaiting_reply_since)
    WHERE awaiting_reply_since IS NOT NULL;
-- Unread totals are sums of the per-conversation counters over this small partial index:
-- only conversations with something unread are in it, and no shared row is locked by ingest.
CREATE INDEX conversation_unread_idx ON conversation (tenant_id, location_id, channel, (contact_id IS NULL))
    INCLUDE (unread_count) WHERE unread_count > 0;

CREATE TABLE message (
    tenant_id           bigint NOT NULL,
    message_id          bigint GENERATED ALWAYS AS IDENTITY,
    conversation_id     bigint NOT NULL,
    location_id         bigint NOT NULL,
    channel             text NOT NULL CHECK (channel IN ('sms', 'email')),
    direction           text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    automated           boolean NOT NULL DEFAULT false,
    body                text NOT NULL,
    subject             text,
    from_address        text,
    to_address          text NOT NULL,
    status              text NOT NULL CHECK (status IN ('draft', 'scheduled', 'queued', 'sending', 'sent', 'delivered',
                                                        'undelivered', 'failed', 'received', 'canceled')),
    provider            text,
    provider_message_id text,
    provider_status     text,
    error_code          text,
    error_reason        text,
    send_at             timestamptz,
    occurred_at         timestamptz NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    read_at             timestamptz,
    read_by             bigint,
    resolved_at         timestamptz,
    resolved_by         bigint,
    sent_by             bigint,
    reply_to_staff_id   bigint,
    replies_to_automated boolean NOT NULL DEFAULT false,
    anonymized_at       timestamptz,
    tags                text[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (tenant_id, message_id),
    FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversation (tenant_id, conversation_id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, sent_by) REFERENCES staff_user (tenant_id, staff_user_id),
    FOREIGN KEY (tenant_id, read_by) REFERENCES staff_user (tenant_id, staff_user_id),
    FOREIGN KEY (tenant_id, resolved_by) REFERENCES staff_user (tenant_id, staff_user_id)
);
CREATE INDEX message_conversation_time_idx ON message (tenant_id, conversation_id, occurred_at DESC, message_id DESC);
CREATE INDEX message_tenant_time_idx ON message (tenant_id, occurred_at DESC, message_id DESC);
CREATE UNIQUE INDEX message_provider_key ON message (tenant_id, provider, provider_message_id)
    WHERE provider_message_id IS NOT NULL;
CREATE INDEX message_unread_idx ON message (tenant_id, conversation_id, occurred_at DESC)
    WHERE direction = 'inbound' AND read_at IS NULL;

CREATE TABLE message_status_event (
    tenant_id       bigint NOT NULL,
    message_id      bigint NOT NULL,
    status_event_id bigint GENERATED ALWAYS AS IDENTITY,
    status          text NOT NULL,
    provider_status text,
    error_code      text,
    detail          text,
    occurred_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (tenant_id, message_id, status_event_id),
    FOREIGN KEY (tenant_id, message_id) REFERENCES message (tenant_id, message_id) ON DELETE CASCADE
);

CREATE TABLE message_attachment (
    tenant_id     bigint NOT NULL,
    message_id    bigint NOT NULL,
    position      int NOT NULL,
    kind          text NOT NULL CHECK (kind IN ('media', 'file', 'literature_item', 'invoice')),
    url           text,
    content_type  text,
    file_name     text,
    size_bytes    bigint,
    reference     text,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, message_id, position),
    FOREIGN KEY (tenant_id, message_id) REFERENCES message (tenant_id, message_id) ON DELETE CASCADE
);

CREATE TABLE message_seen (
    tenant_id     bigint NOT NULL,
    message_id    bigint NOT NULL,
    staff_user_id bigint NOT NULL,
    seen_at       timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, message_id, staff_user_id),
    FOREIGN KEY (tenant_id, message_id) REFERENCES message (tenant_id, message_id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, staff_user_id) REFERENCES staff_user (tenant_id, staff_user_id) ON DELETE CASCADE
);

CREATE TABLE template (
    tenant_id     bigint NOT NULL REFERENCES tenant (tenant_id),
    template_id   bigint GENERATED ALWAYS AS IDENTITY,
    location_id   bigint,
    staff_user_id bigint,
    name          text,
    body          text NOT NULL,
    position      int NOT NULL,
    last_used_at  timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, template_id),
    FOREIGN KEY (tenant_id, location_id) REFERENCES location (tenant_id, location_id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, staff_user_id) REFERENCES staff_user (tenant_id, staff_user_id) ON DELETE CASCADE
);
CREATE INDEX template_order_idx ON template (tenant_id, position, template_id);

-- A request made with an Idempotency-Key: the same key and body answer the stored response.
CREATE TABLE idempotent_request (
    tenant_id       bigint NOT NULL REFERENCES tenant (tenant_id),
    idempotency_key text NOT NULL,
    operation       text NOT NULL,
    request_hash    bytea NOT NULL,
    response_status int NOT NULL,
    response_body   text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, operation, idempotency_key)
);
