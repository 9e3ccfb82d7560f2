-- Unread totals in constant time (docs/adr/0013-unread-totals-in-striped-rows.md).
--
-- unread_stripe holds, per tenant, location, channel and known-or-unknown counterpart, the unread inbound
-- messages and the conversations with something unread, split over 16 stripes so that concurrent
-- transactions add to different rows instead of queueing on one. A total is the sum of a key's stripes;
-- one stripe alone may be negative (a message counted in on one stripe and read on another).
--
-- The rows are kept by statement triggers on conversation, in the transaction of the change, from the
-- conversation rows' own unread_count before and after it. So every writer is covered, including those
-- that are not Parley's Java code: the contact foreign key's ON DELETE SET NULL (a deleted contact's
-- conversations become unknown), cascades, and bulk SQL such as the benchmark's data generator.

CREATE TABLE unread_stripe (
    tenant_id            bigint NOT NULL,
    location_id          bigint NOT NULL,
    channel              text NOT NULL CHECK (channel IN ('sms', 'email')),
    known_contact        boolean NOT NULL,
    stripe               smallint NOT NULL CHECK (stripe BETWEEN 0 AND 15),
    unread_messages      bigint NOT NULL DEFAULT 0,
    unread_conversations bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, location_id, channel, known_contact, stripe),
    FOREIGN KEY (tenant_id, location_id) REFERENCES location (tenant_id, location_id) ON DELETE CASCADE
) WITH (fillfactor = 50); -- room on each page for the rows' new versions, so updates stay HOT (no new index entry)

-- Adds the statement's change of the conversations' unread counts to one stripe per key. The stripe is the
-- transaction's id modulo 16: transactions running at the same time have nearby ids, so they land on
-- different stripes (a random pick would put two of eight concurrent transactions on one row most of the
-- time), and all of one transaction's changes land on one stripe. Keys are written in their order, so two
-- statements that touch the same keys lock them in the same order.
CREATE FUNCTION unread_stripe_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    chosen smallint := (pg_current_xact_id()::text::bigint % 16)::smallint;
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO unread_stripe AS s (tenant_id, location_id, channel, known_contact, stripe, unread_messages,
                                        unread_conversations)
        SELECT n.tenant_id, n.location_id, n.channel, n.contact_id IS NOT NULL, chosen, sum(n.unread_count), count(*)
        FROM new_rows n
        WHERE n.unread_count > 0
        GROUP BY 1, 2, 3, 4
        ORDER BY 1, 2, 3, 4
        ON CONFLICT (tenant_id, location_id, channel, known_contact, stripe) DO UPDATE
            SET unread_messages = s.unread_messages + excluded.unread_messages,
                unread_conversations = s.unread_conversations + excluded.unread_conversations;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO unread_stripe AS s (tenant_id, location_id, channel, known_contact, stripe, unread_messages,
                                        unread_conversations)
        SELECT o.tenant_id, o.location_id, o.channel, o.contact_id IS NOT NULL, chosen, -sum(o.unread_count), -count(*)
        FROM old_rows o
        WHERE o.unread_count > 0
        GROUP BY 1, 2, 3, 4
        ORDER BY 1, 2, 3, 4
        ON CONFLICT (tenant_id, location_id, channel, known_contact, stripe) DO UPDATE
            SET unread_messages = s.unread_messages + excluded.unread_messages,
                unread_conversations = s.unread_conversations + excluded.unread_conversations;
    ELSE
        INSERT INTO unread_stripe AS s (tenant_id, location_id, channel, known_contact, stripe, unread_messages,
                                        unread_conversations)
        SELECT d.tenant_id, d.location_id, d.channel, d.known_contact, chosen, sum(d.messages), sum(d.conversations)
        FROM (SELECT n.tenant_id, n.location_id, n.channel, n.contact_id IS NOT NULL AS known_contact,
                     n.unread_count::bigint AS messages, 1 AS conversations
              FROM new_rows n WHERE n.unread_count > 0
              UNION ALL
              SELECT o.tenant_id, o.location_id, o.channel, o.contact_id IS NOT NULL,
                     -o.unread_count::bigint, -1
              FROM old_rows o WHERE o.unread_count > 0) d
        GROUP BY 1, 2, 3, 4
        HAVING sum(d.messages) <> 0 OR sum(d.conversations) <> 0
        ORDER BY 1, 2, 3, 4
        ON CONFLICT (tenant_id, location_id, channel, known_contact, stripe) DO UPDATE
            SET unread_messages = s.unread_messages + excluded.unread_messages,
                unread_conversations = s.unread_conversations + excluded.unread_conversations;
    END IF;
    RETURN NULL;
END
$$;

-- Nothing may write conversations between the backfill and the triggers.
LOCK TABLE conversation IN SHARE ROW EXCLUSIVE MODE;

INSERT INTO unread_stripe (tenant_id, location_id, channel, known_contact, stripe, unread_messages,
                           unread_conversations)
SELECT tenant_id, location_id, channel, contact_id IS NOT NULL, 0, sum(unread_count), count(*)
FROM conversation
WHERE unread_count > 0
GROUP BY 1, 2, 3, 4;

-- PostgreSQL allows transition tables only on single-event triggers, hence three.
CREATE TRIGGER conversation_unread_stripe_insert AFTER INSERT ON conversation
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION unread_stripe_count();
CREATE TRIGGER conversation_unread_stripe_update AFTER UPDATE ON conversation
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION unread_stripe_count();
CREATE TRIGGER conversation_unread_stripe_delete AFTER DELETE ON conversation
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION unread_stripe_count();
