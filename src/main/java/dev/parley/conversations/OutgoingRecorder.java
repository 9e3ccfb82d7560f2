package dev.parley.conversations;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.DSL.val;

import dev.parley.storage.SqlTypes;
import java.time.Instant;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.QueryPart;
import org.jooq.Record;
import org.jooq.Table;
import org.springframework.stereotype.Repository;

/**
 * Records a message that Parley itself sends in one statement (docs/adr/0022): the conversation upserted with its
 * counters already counted, the message, its first status line and whatever the caller adds (the outbox's job),
 * written only when the caller's condition holds and the sending address exists. Data-modifying CTEs see one
 * snapshot and cannot update a row twice, so the message id is taken from its sequence first, and the counters
 * are part of the upsert instead of an update after it. The statement triggers on conversation (ADR 0013) see the
 * upsert as before.
 */
@Repository
class OutgoingRecorder {

    /** The CTE that holds the new message's id, for what the caller writes along. */
    static final Table<Record> RECORDED = table(name("recorded_message"));
    static final Field<Long> RECORDED_ID = field(name("recorded_message", "message_id"), Long.class);

    private static final Field<Long> CONVERSATION_ID = field(name("conversation_id"), Long.class);
    private static final Field<Boolean> CREATED = field(name("created"), Boolean.class);
    private static final Field<Long> MESSAGE_ID = field(name("message_id"), Long.class);

    // The counters as ConversationStore.countIn keeps them, for an outbound message: one more message, the newest
    // one when nothing later is recorded; a reply by staff clears awaiting-reply, an automated one or a draft does not.
    private static final String SQL = """
            with src as materialized (
              select f.from_address, f.contact_id, nextval('message_message_id_seq') as message_id
              from (select {0} as from_address, {1} as contact_id) f
              where f.from_address is not null and {2}
            ),
            conv as (
              insert into conversation as c (tenant_id, location_id, channel, counterpart, contact_id, message_count,
                                             last_message_id, last_message_at, last_activity_at, updated_at)
              select {3}, {4}, {5}, {6}, src.contact_id, 1, src.message_id, {7}, {7}, {8} from src
              on conflict (tenant_id, location_id, channel, counterpart) do update set
                contact_id = coalesce(c.contact_id, excluded.contact_id),
                message_count = c.message_count + 1,
                last_message_id = case when c.last_message_at is null or c.last_message_at <= excluded.last_message_at
                                       then excluded.last_message_id else c.last_message_id end,
                last_message_at = case when c.last_message_at is null or c.last_message_at <= excluded.last_message_at
                                       then excluded.last_message_at else c.last_message_at end,
                last_activity_at = greatest(c.last_activity_at, excluded.last_activity_at),
                awaiting_reply_since = case when {9} then c.awaiting_reply_since end,
                updated_at = excluded.updated_at
              returning c.conversation_id, (c.xmax = 0) as created
            ),
            recorded_message as (
              insert into message (message_id, tenant_id, conversation_id, location_id, channel, direction, automated,
                                   body, subject, from_address, to_address, status, send_at, occurred_at, sent_by,
                                   replies_to_automated)
              overriding system value
              select src.message_id, {3}, conv.conversation_id, {4}, {5}, 'outbound', {10}, {11}, {12},
                     src.from_address, {6}, {13}, {14}, {7}, {15}, false
              from src cross join conv
              returning message_id
            ),
            status_line as (
              insert into message_status_event (tenant_id, message_id, status)
              select {3}, message_id, {13} from recorded_message
            ),
            along as ({16})
            select conv.conversation_id, conv.created, recorded_message.message_id
            from conv cross join recorded_message""";

    private final DSLContext db;

    OutgoingRecorder(DSLContext db) {
        this.db = db;
    }

    /** What the statement recorded: the conversation, whether it started it, and the message. */
    record Recorded(long conversationId, boolean created, long messageId) {}

    /**
     * Records the outbound message when {@code allowed} holds and {@code from} is not null; empty (and nothing
     * written) otherwise. {@code along} is a data-modifying statement over {@link #RECORDED}.
     */
    Optional<Recorded> record(long tenant, NewMessage message, Field<String> from, Field<Long> contactId,
                              Condition allowed, QueryPart along, Instant occurredAt) {
        boolean keepsAwaiting = message.automated() || message.status() == MessageStatus.DRAFT;
        return db.resultQuery(SQL,
                        from,
                        contactId,
                        allowed,
                        val(tenant),
                        val(message.locationId()),
                        val(message.channel().wireName()),
                        val(message.counterpart()),
                        val(occurredAt, SqlTypes.INSTANT),
                        val(Instant.now(), SqlTypes.INSTANT),
                        inline(keepsAwaiting),
                        val(message.automated()),
                        val(message.body()),
                        val(message.subject()),
                        val(message.status().wireName()),
                        val(message.sendAt(), SqlTypes.INSTANT),
                        val(message.sentBy(), Long.class),
                        along)
                .coerce(CONVERSATION_ID, CREATED, MESSAGE_ID)
                .fetchOptional(r -> new Recorded(r.value1(), r.value2(), r.value3()));
    }
}
