-- Messages counted per UTC day, channel and direction (docs/adr/0028-carehq-counts-from-day-counters.md).
--
-- CareHQ answers every list with an exact item_count. Its most common filters (channel, direction, a start and an
-- end date, which are UTC days) select whole days of one channel and direction, so their count is a sum over a few
-- rows of this table instead of a count of every matching message. As in unread_stripe (V61), each key is split
-- over 16 stripes so that concurrent transactions add to different rows; a count is the sum of its keys' stripes,
-- and one stripe alone may be negative (a message counted in on one stripe and deleted on another).
--
-- The rows are kept by triggers on message, in the transaction of the change, so every writer is covered: Parley's
-- own statements, the cascades of a deleted conversation, and bulk SQL such as the benchmark's data generator.

CREATE TABLE message_day_count (
    tenant_id bigint NOT NULL REFERENCES tenant (tenant_id),
    day       date NOT NULL,
    channel   text NOT NULL CHECK (channel IN ('sms', 'email')),
    direction text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    stripe    smallint NOT NULL CHECK (stripe BETWEEN 0 AND 15),
    messages  bigint NOT NULL,
    PRIMARY KEY (tenant_id, day, channel, direction, stripe)
) WITH (fillfactor = 50); -- room on each page for the rows' new versions, so updates stay HOT (no new index entry)

-- Adds the statement's inserted (or, negated, deleted) messages to one stripe per key, chosen from the transaction's
-- id as in V61. Keys are written in their order, so two statements that touch the same keys lock them in the same
-- order.
CREATE FUNCTION message_day_count_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    chosen smallint := (pg_current_xact_id()::text::bigint % 16)::smallint;
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO message_day_count AS d (tenant_id, day, channel, direction, stripe, messages)
        SELECT n.tenant_id, (n.occurred_at AT TIME ZONE 'UTC')::date, n.channel, n.direction, chosen, count(*)
        FROM new_rows n
        GROUP BY 1, 2, 3, 4
        ORDER BY 1, 2, 3, 4
        ON CONFLICT (tenant_id, day, channel, direction, stripe) DO UPDATE SET messages = d.messages + excluded.messages;
    ELSE
        INSERT INTO message_day_count AS d (tenant_id, day, channel, direction, stripe, messages)
        SELECT o.tenant_id, (o.occurred_at AT TIME ZONE 'UTC')::date, o.channel, o.direction, chosen, -count(*)
        FROM old_rows o
        GROUP BY 1, 2, 3, 4
        ORDER BY 1, 2, 3, 4
        ON CONFLICT (tenant_id, day, channel, direction, stripe) DO UPDATE SET messages = d.messages + excluded.messages;
    END IF;
    RETURN NULL;
END
$$;

-- Moves one message from its old key to its new one. The trigger's WHEN clause calls this only when the key
-- changed, so the two rows written here are always two different keys.
CREATE FUNCTION message_day_count_move() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    chosen smallint := (pg_current_xact_id()::text::bigint % 16)::smallint;
BEGIN
    INSERT INTO message_day_count AS d (tenant_id, day, channel, direction, stripe, messages)
    SELECT k.tenant_id, k.day, k.channel, k.direction, chosen, k.messages
    FROM (VALUES (OLD.tenant_id, (OLD.occurred_at AT TIME ZONE 'UTC')::date, OLD.channel, OLD.direction, -1),
                 (NEW.tenant_id, (NEW.occurred_at AT TIME ZONE 'UTC')::date, NEW.channel, NEW.direction, 1))
         AS k (tenant_id, day, channel, direction, messages)
    ORDER BY 1, 2, 3, 4
    ON CONFLICT (tenant_id, day, channel, direction, stripe) DO UPDATE SET messages = d.messages + excluded.messages;
    RETURN NULL;
END
$$;

-- Nothing may write messages between the backfill and the triggers.
LOCK TABLE message IN SHARE ROW EXCLUSIVE MODE;

INSERT INTO message_day_count (tenant_id, day, channel, direction, stripe, messages)
SELECT tenant_id, (occurred_at AT TIME ZONE 'UTC')::date, channel, direction, 0, count(*)
FROM message
GROUP BY 1, 2, 3, 4;

-- PostgreSQL allows transition tables only on single-event triggers without a column list, hence a row trigger
-- for updates: it runs only for the rare update that moves a message to another day, channel or direction (the
-- status and read updates of every message never call it).
CREATE TRIGGER message_day_count_insert AFTER INSERT ON message
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION message_day_count_rows();
CREATE TRIGGER message_day_count_delete AFTER DELETE ON message
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION message_day_count_rows();
CREATE TRIGGER message_day_count_update AFTER UPDATE OF tenant_id, occurred_at, channel, direction ON message
    FOR EACH ROW
    WHEN ((OLD.occurred_at AT TIME ZONE 'UTC')::date <> (NEW.occurred_at AT TIME ZONE 'UTC')::date
          OR OLD.channel <> NEW.channel OR OLD.direction <> NEW.direction OR OLD.tenant_id <> NEW.tenant_id)
    EXECUTE FUNCTION message_day_count_move();
