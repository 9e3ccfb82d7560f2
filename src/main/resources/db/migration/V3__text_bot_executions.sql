-- Runs of automation (keyword replies, after-hours replies, text bots) within a conversation: the
-- MedChat dialect shows them as a chat's textBotExecutions.
CREATE TABLE text_bot_execution (
    tenant_id       bigint NOT NULL,
    execution_id    bigint GENERATED ALWAYS AS IDENTITY,
    conversation_id bigint NOT NULL,
    bot_name        text NOT NULL,
    started_at      timestamptz NOT NULL,
    finished_at     timestamptz,
    outcome         text NOT NULL CHECK (outcome IN ('running', 'completed', 'failed', 'canceled')),
    PRIMARY KEY (tenant_id, execution_id),
    FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversation (tenant_id, conversation_id) ON DELETE CASCADE
);
CREATE INDEX text_bot_execution_conversation_idx ON text_bot_execution (tenant_id, conversation_id, started_at);
