package dev.parley.conversations;

import static dev.parley.conversations.Schema.*;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.DSL.val;

import dev.parley.storage.RowCount;
import dev.parley.storage.SqlTypes;
import java.time.Instant;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.QueryPart;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/**
 * Records a message in one statement (docs/adr/0022, 0024): the conversation upserted with its counters already
 * counted, the message, its first status line and whatever the caller adds (the outbox's job), written only when
 * the caller's condition holds and no message with the same provider id is stored. Data-modifying CTEs see one
 * snapshot and cannot update a row twice, so the message id is taken from its sequence first, and the counters are
 * part of the upsert instead of an update after it. The statement triggers on conversation (ADR 0013) see the
 * upsert as one insert or update statement.
 */
@Repository
class MessageRecorder {

    /** The CTE that holds the new message's id, for what the caller writes along. */
    static final Table<Record> RECORDED = table(name("recorded_message"));
    static final Field<Long> RECORDED_ID = field(name("recorded_message", "message_id"), Long.class);

    /** A condition for {@link #record}: the location's address, as the statement reads it, is not null. */
    static final Condition HAS_LOCATION_ADDRESS = field(name("f", "location_address")).isNotNull();

    private static final Field<Long> CONVERSATION_ID = field(name("conversation_id"), Long.class);
    private static final Field<Boolean> CREATED = field(name("created"), Boolean.class);
    private static final Field<Long> MESSAGE_ID = field(name("message_id"), Long.class);
    private static final Field<Boolean> STORED = field(name("stored"), Boolean.class);
    private static final Field<String> STATUS = field(name("status"), String.class);
    private static final Field<Long> RECORDED_CONVERSATION = field(name("conv", "conversation_id"), Long.class);
    private static final QueryPart LOCATION_ADDRESS = field(name("src", "location_address"));

    // The counters of every message recorded: one more message, the newest one when nothing later is
    // recorded, one more unread and awaiting-reply (when not already) for an inbound message, which also reopens a
    // resolved conversation; a reply by staff clears awaiting-reply, an automated one or a draft does not.
    private static final String SQL = """
            with known as materialized (
              select message_id, conversation_id, status from message
              where tenant_id = {0} and {1}
            ),
            src as materialized (
              select f.location_address, f.contact_id, nextval('message_message_id_seq') as message_id
              from (select {2} as location_address, {3} as contact_id) f
              where {4} and not exists (select from known)
            ),
            conv as (
              insert into conversation as c (tenant_id, location_id, channel, counterpart, contact_id, message_count,
                                             unread_count, last_message_id, last_message_at, last_activity_at,
                                             awaiting_reply_since, updated_at)
              select {0}, {5}, {6}, {7}, src.contact_id, 1, {8}, src.message_id, {9}, {9}, {10}, {11} from src
              on conflict (tenant_id, location_id, channel, counterpart) do update set
                contact_id = coalesce(c.contact_id, excluded.contact_id),
                message_count = c.message_count + 1,
                unread_count = c.unread_count + excluded.unread_count,
                last_message_id = case when c.last_message_at is null or c.last_message_at <= excluded.last_message_at
                                       then excluded.last_message_id else c.last_message_id end,
                last_message_at = case when c.last_message_at is null or c.last_message_at <= excluded.last_message_at
                                       then excluded.last_message_at else c.last_message_at end,
                last_activity_at = greatest(c.last_activity_at, excluded.last_activity_at),
                awaiting_reply_since = {12},
                status = {13},
                updated_at = excluded.updated_at
              returning c.conversation_id, (c.xmax = 0) as created
            ),
            recorded_message as (
              insert into message (message_id, tenant_id, conversation_id, location_id, channel, direction, automated,
                                   body, subject, from_address, to_address, status, provider, provider_message_id,
                                   send_at, occurred_at, sent_by, replies_to_automated)
              overriding system value
              select src.message_id, {0}, conv.conversation_id, {5}, {6}, {14}, {15}, {16}, {17}, {18}, {19}, {20},
                     {21}, {22}, {23}, {9}, {24}, {25}
              from src cross join conv
              returning message_id
            ),
            status_line as (
              insert into message_status_event (tenant_id, message_id, status)
              select {0}, message_id, {20} from recorded_message
            ),
            along as ({26})
            select conv.conversation_id, conv.created, recorded_message.message_id, true as stored, {20} as status
            from conv cross join recorded_message
            union all
            select conversation_id, false, message_id, false, status from known""";

    private final DSLContext db;

    MessageRecorder(DSLContext db) {
        this.db = db;
    }

    /**
     * What the statement did: {@code stored} when it recorded the message (in a conversation it {@code created} or
     * not), otherwise the message stored before with the same provider id, with its status now.
     */
    record Recorded(long conversationId, boolean created, long messageId, boolean stored, MessageStatus status) {}

    /**
     * Records the message when {@code allowed} holds; empty (and nothing written) otherwise. {@code locationAddress}
     * is the location's address as an SQL expression, {@code along} a data-modifying statement over
     * {@link #RECORDED}. A message with a provider id that is stored already is answered, not stored again; one
     * stored by a transaction that commits while this statement runs fails it with a unique violation on
     * {@code message_provider_key} (the caller tries again, and then finds it).
     */
    Optional<Recorded> record(long tenant, NewMessage message, Field<String> locationAddress, Field<Long> contactId,
                              Condition allowed, QueryPart along, Instant occurredAt) {
        boolean inbound = message.direction() == Direction.INBOUND;
        boolean keepsAwaiting = message.automated() || message.status() == MessageStatus.DRAFT;
        Condition known = message.providerMessageId() == null ? DSL.falseCondition()
                : field(name("provider")).eq(message.provider()).and(field(name("provider_message_id")).eq(message.providerMessageId()));
        return db.resultQuery(SQL,
                        val(tenant),
                        known,
                        locationAddress,
                        contactId,
                        allowed,
                        val(message.locationId()),
                        val(message.channel().wireName()),
                        val(message.counterpart()),
                        inline(inbound ? 1 : 0),
                        val(occurredAt, SqlTypes.INSTANT),
                        inbound ? val(occurredAt, SqlTypes.INSTANT) : DSL.castNull(SqlTypes.INSTANT),
                        val(Instant.now(), SqlTypes.INSTANT),
                        DSL.field(inbound ? "coalesce(c.awaiting_reply_since, excluded.awaiting_reply_since)"
                                : keepsAwaiting ? "c.awaiting_reply_since" : "null::timestamptz"),
                        DSL.field(inbound ? "case when c.status = 'resolved' then 'open' else c.status end" : "c.status"),
                        val(message.direction().wireName()),
                        val(message.automated()),
                        val(message.body()),
                        val(message.subject()),
                        inbound ? val(message.counterpart()) : LOCATION_ADDRESS,
                        inbound ? LOCATION_ADDRESS : val(message.counterpart()),
                        val(message.status().wireName()),
                        val(message.provider()),
                        val(message.providerMessageId()),
                        val(message.sendAt(), SqlTypes.INSTANT),
                        val(message.sentBy(), Long.class),
                        inbound ? lastOutboundWasAutomated(tenant) : inline(false),
                        along == null ? DSL.select(inline(1)) : along)
                .coerce(CONVERSATION_ID, CREATED, MESSAGE_ID, STORED, STATUS)
                .fetchOptional(r -> new Recorded(r.value1(), r.value2(), r.value3(), r.value4(), MessageStatus.of(r.value5())));
    }

    /**
     * Whether the newest message sent in the conversation before this one was automated (a reminder): set on an
     * inbound message, so that a reply to a reminder can be told from a reply to staff. False when there is none.
     */
    private static Field<Boolean> lastOutboundWasAutomated(long tenant) {
        return DSL.coalesce(DSL.field(DSL.select(M_AUTOMATED)
                .from(MESSAGE)
                .where(M_TENANT_ID.eq(tenant).and(M_CONVERSATION_ID.eq(RECORDED_CONVERSATION))
                        .and(M_DIRECTION.eq(Direction.OUTBOUND.wireName()))
                        .and(M_STATUS.ne(MessageStatus.DRAFT.wireName())))
                .orderBy(M_OCCURRED_AT.desc(), M_ID.desc())
                .limit(RowCount.of(1))), inline(false));
    }
}
