-- Sending SMS: each tenant's provider settings, the durable outbox, and per-sender pacing.

CREATE TABLE sms_channel (
    tenant_id             bigint PRIMARY KEY REFERENCES tenant (tenant_id),
    provider              text NOT NULL CHECK (provider IN ('simulator', 'twilio')),
    account_sid           text,
    auth_token            text,
    messaging_service_sid text,
    base_url              text,
    updated_at            timestamptz NOT NULL DEFAULT now(),
    CHECK (provider = 'simulator' OR (account_sid IS NOT NULL AND auth_token IS NOT NULL))
);

-- One job per outbound message that is to be handed to a provider. A job is pending until a worker
-- claims it (in_flight, with a lease), and ends done or dead. An expired lease means the worker
-- stopped: the job is pending again, and the message's status history tells whether the provider
-- may already have been called.
CREATE TABLE delivery_job (
    tenant_id     bigint NOT NULL,
    message_id    bigint NOT NULL,
    state         text NOT NULL CHECK (state IN ('pending', 'in_flight', 'done', 'dead')),
    due_at        timestamptz NOT NULL,
    attempts      int NOT NULL DEFAULT 0,
    lease_until   timestamptz,
    claimed_by    text,
    -- Set when a worker's lease ran out after it recorded an attempt and before it recorded the outcome.
    unconfirmed   boolean NOT NULL DEFAULT false,
    -- A compliance reply (the confirmation of STOP or START) goes even to an address that opted out.
    consent_exempt boolean NOT NULL DEFAULT false,
    last_error    text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, message_id),
    FOREIGN KEY (tenant_id, message_id) REFERENCES message (tenant_id, message_id) ON DELETE CASCADE
);
-- The work queue's index is global, like the inbound routing index: workers serve every tenant.
CREATE INDEX delivery_job_due_idx ON delivery_job (due_at) WHERE state = 'pending';
CREATE INDEX delivery_job_lease_idx ON delivery_job (lease_until) WHERE state = 'in_flight';

-- The earliest time the next message from a sender (a location's number) may go, so that several
-- workers on several nodes together keep to the rate a number may send at.
CREATE TABLE sender_pace (
    tenant_id    bigint NOT NULL REFERENCES tenant (tenant_id),
    sender       text NOT NULL,
    next_slot_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, sender)
);

CREATE INDEX message_outbound_pending_idx ON message (tenant_id, channel, to_address)
    WHERE direction = 'outbound' AND status IN ('scheduled', 'queued');
