-- The dialects' reads that grew with a tenant's history, served by indexes instead
-- (docs/adr/0014-dialect-reads-on-indexes.md).

-- Whether an opt-out of care messages is on record for the conversation's counterpart on its channel: the
-- consent table's answer, kept on the row so that MedChat's Status is a plain indexed condition. Written in
-- the same transaction as every change of consent and when a conversation starts.
ALTER TABLE conversation ADD COLUMN opted_out boolean NOT NULL DEFAULT false;
UPDATE conversation c SET opted_out = true
WHERE EXISTS (SELECT 1 FROM consent s
              WHERE s.tenant_id = c.tenant_id AND s.channel = c.channel AND s.address = c.counterpart
                AND s.category = 'care' AND s.status = 'opted_out');

-- A channel's conversations newest message first: the vet portal walks it to the page's distinct clients,
-- and MedChat's chats ordered by LastMessageDateTime read it. NULLS LAST as OData's descending order is.
CREATE INDEX conversation_channel_last_message_idx
    ON conversation (tenant_id, channel, last_message_at DESC NULLS LAST, conversation_id DESC);

-- MedChat's Status is (opted_out, status): Active, Ended and Unsubscribed chats newest message first are a
-- range of this index.
CREATE INDEX conversation_chat_status_idx
    ON conversation (tenant_id, channel, opted_out, status, last_message_at DESC NULLS LAST, conversation_id DESC);
