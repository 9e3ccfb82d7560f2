-- CareHQ's most common page, "the newest inbound SMS" (a channel, inbound, newest first), read the tenant's time
-- index and stepped over every newer message of the other channel or direction on its way to a page: after a
-- campaign of 100,000 reminders, each request for the latest replies read all of them (ADR 0035). With the channel
-- leading, a page of inbound messages is one range of its own entries, whatever else the tenant sent.
-- Only inbound messages are in it: sends and their status changes, most of what is written, do not pay for it.
-- The key ascends, for the reason V63 gives: new messages land at the right end of their range.
CREATE INDEX message_inbound_time_idx ON message (tenant_id, channel, occurred_at, message_id)
    WHERE direction = 'inbound';
