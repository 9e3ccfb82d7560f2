-- The practice API's poll for a location's conversations updated since a time read every conversation of the
-- location and filtered on updated_at, which no index held: at 1,000,000 messages, 10,000 conversations for the 34
-- updated in the last five minutes, count and page 9 ms; ten times that at 10M (ADR 0037). With the location and
-- the time leading, a poll reads the conversations that changed and nothing else.
CREATE INDEX conversation_location_updated_idx ON conversation (tenant_id, location_id, updated_at);
