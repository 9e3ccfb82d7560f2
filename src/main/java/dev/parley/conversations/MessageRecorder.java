package dev.parley.conversations;

import static dev.parley.conversations.Schema.*;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.param;
import static org.jooq.impl.DSL.table;

import dev.parley.contacts.Consents;
import dev.parley.contacts.Contacts;
import dev.parley.storage.RenderedQuery;
import dev.parley.storage.RowCount;
import dev.parley.storage.SqlTypes;
import dev.parley.tenancy.Locations;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.QueryPart;
import org.jooq.Record;
import org.jooq.Record5;
import org.jooq.ResultQuery;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/**
 * Records a message in one statement (docs/adr/0022, 0024): the conversation upserted with its counters already
 * counted, the message, its first status line and whatever the caller adds (the outbox's job), written only when
 * no message with the same provider id is stored and, for a message Parley sends, when it may be sent (a sending
 * address, no opt-out on record). Its SQL is rendered once per shape (docs/adr/0033). Data-modifying CTEs see one
 * snapshot and cannot update a row twice, so the message id is taken from its sequence first, and the counters are
 * part of the upsert instead of an update after it. The statement triggers on conversation (ADR 0013) see the
 * upsert as one insert or update statement.
 */
@Repository
class MessageRecorder {

    /** The CTE that holds the new message's id, for what the caller writes along. */
    static final Table<Record> RECORDED = table(name("recorded_message"));
    static final Field<Long> RECORDED_ID = field(name("recorded_message", "message_id"), Long.class);

    private static final Field<Long> CONVERSATION_ID = field(name("conversation_id"), Long.class);
    private static final Field<Boolean> CREATED = field(name("created"), Boolean.class);
    private static final Field<Long> MESSAGE_ID = field(name("message_id"), Long.class);
    private static final Field<Boolean> STORED = field(name("stored"), Boolean.class);
    private static final Field<String> STATUS = field(name("status"), String.class);
    private static final Field<Long> RECORDED_CONVERSATION = field(name("conv", "conversation_id"), Long.class);
    private static final QueryPart LOCATION_ADDRESS = field(name("src", "location_address"));
    private static final Condition HAS_LOCATION_ADDRESS = field(name("f", "location_address")).isNotNull();

    private static final Field<Long> TENANT = param("tenant_id", Long.class);
    private static final Field<Long> LOCATION = param("location_id", Long.class);
    private static final Field<String> CHANNEL = param("channel", String.class);
    private static final Field<String> COUNTERPART = param("counterpart", String.class);
    private static final Field<String> STATUS_VALUE = param("status", String.class);
    private static final Field<Instant> OCCURRED_AT = param("occurred_at", SqlTypes.INSTANT);

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
    private final RenderedQuery.Shapes<Shape> statements = new RenderedQuery.Shapes<>(64);

    MessageRecorder(DSLContext db) {
        this.db = db;
    }

    /**
     * What the statement did: {@code stored} when it recorded the message (in a conversation it {@code created} or
     * not), otherwise the message stored before with the same provider id, with its status now.
     */
    record Recorded(long conversationId, boolean created, long messageId, boolean stored, MessageStatus status) {}

    /**
     * How a message Parley sends is recorded: from {@code from}, or when that is null the location's address on
     * the channel, and only when there is one and the counterpart has not opted out; with {@code along} (or
     * nothing) written in the same statement.
     */
    record Outgoing(String from, Conversations.Along along) {}

    /**
     * What the statement's SQL depends on: a message's direction and channel, whether it is a draft or automated,
     * whether its provider id is looked for, where its sending address and contact come from, what it must pass,
     * and what is written along. The SQL is rendered once per shape (docs/adr/0033); rendering it took a fifth of
     * the CPU of a received SMS.
     */
    private record Shape(Direction direction, Channel channel, boolean keepsAwaiting, boolean known,
                         boolean contactGiven, boolean outgoing, boolean addressGiven, String along) {}

    /**
     * Records the message; when {@code outgoing} is not null, only if it may be sent (empty, and nothing written,
     * otherwise). A message with a provider id that is stored already is answered, not stored again; one stored by
     * a transaction that commits while this statement runs fails it with a
     * {@link org.springframework.dao.DuplicateKeyException} on {@code message_provider_key} (the caller tries
     * again, and then finds it).
     */
    Optional<Recorded> record(long tenant, NewMessage message, Outgoing outgoing, Instant occurredAt) {
        Conversations.Along along = outgoing == null ? null : outgoing.along();
        String address = outgoing == null ? message.locationAddress() : outgoing.from();
        Shape shape = new Shape(message.direction(), message.channel(),
                message.automated() || message.status() == MessageStatus.DRAFT, message.providerMessageId() != null,
                message.contactId() != null, outgoing != null, outgoing == null || outgoing.from() != null,
                along == null ? null : along.shape());
        Map<String, Object> values = new HashMap<>();
        values.put("tenant_id", tenant);
        values.put("location_id", message.locationId());
        values.put("channel", message.channel().wireName());
        values.put("counterpart", message.counterpart());
        values.put("location_address", address);
        values.put("contact_id", message.contactId());
        values.put("occurred_at", occurredAt);
        values.put("updated_at", Instant.now());
        values.put("automated", message.automated());
        values.put("body", message.body());
        values.put("subject", message.subject());
        values.put("status", message.status().wireName());
        values.put("provider", message.provider());
        values.put("provider_message_id", message.providerMessageId());
        values.put("send_at", message.sendAt());
        values.put("sent_by", message.sentBy());
        if (along != null) {
            along.values().forEach((name, value) -> {
                if (values.containsKey(name) && !Objects.equals(values.get(name), value)) {
                    throw new IllegalArgumentException("What is written along binds '" + name + "' to " + value
                            + ", which the statement binds to " + values.get(name));
                }
                values.put(name, value);
            });
        }
        List<Recorded> recorded = statements.get(shape, () -> statement(shape, along)).fetch(db, values,
                r -> new Recorded(r.get(CONVERSATION_ID), r.get(CREATED), r.get(MESSAGE_ID), r.get(STORED),
                        MessageStatus.of(r.get(STATUS))));
        return recorded.stream().findFirst();
    }

    private ResultQuery<Record5<Long, Boolean, Long, Boolean, String>> statement(Shape shape, Conversations.Along along) {
        boolean inbound = shape.direction() == Direction.INBOUND;
        Field<String> locationAddress = shape.addressGiven() ? param("location_address", String.class)
                : Locations.addressOf(TENANT, LOCATION, shape.channel().wireName());
        Condition allowed = shape.outgoing() ? HAS_LOCATION_ADDRESS.and(DSL.not(DSL.condition(
                Consents.optedOut(TENANT, shape.channel().wireName(), COUNTERPART)))) : DSL.noCondition();
        Condition known = shape.known() ? field(name("provider")).eq(param("provider", String.class))
                .and(field(name("provider_message_id")).eq(param("provider_message_id", String.class)))
                : DSL.falseCondition();
        return db.resultQuery(SQL,
                        TENANT,
                        known,
                        locationAddress,
                        contact(shape),
                        allowed,
                        LOCATION,
                        CHANNEL,
                        COUNTERPART,
                        inline(inbound ? 1 : 0),
                        OCCURRED_AT,
                        inbound ? OCCURRED_AT : DSL.castNull(SqlTypes.INSTANT),
                        param("updated_at", SqlTypes.INSTANT),
                        DSL.field(inbound ? "coalesce(c.awaiting_reply_since, excluded.awaiting_reply_since)"
                                : shape.keepsAwaiting() ? "c.awaiting_reply_since" : "null::timestamptz"),
                        DSL.field(inbound ? "case when c.status = 'resolved' then 'open' else c.status end" : "c.status"),
                        inline(shape.direction().wireName()),
                        param("automated", Boolean.class),
                        param("body", String.class),
                        param("subject", String.class),
                        inbound ? COUNTERPART : LOCATION_ADDRESS,
                        inbound ? LOCATION_ADDRESS : COUNTERPART,
                        STATUS_VALUE,
                        param("provider", String.class),
                        param("provider_message_id", String.class),
                        param("send_at", SqlTypes.INSTANT),
                        param("sent_by", Long.class),
                        inbound ? lastOutboundWasAutomated() : inline(false),
                        along == null ? DSL.select(inline(1)) : along.statement().write(RECORDED, RECORDED_ID))
                .coerce(CONVERSATION_ID, CREATED, MESSAGE_ID, STORED, STATUS);
    }

    /** The message's contact as given, or else the oldest with its address, found by the statement. */
    private static Field<Long> contact(Shape shape) {
        if (shape.contactGiven()) {
            return param("contact_id", Long.class);
        }
        return shape.channel() == Channel.SMS ? Contacts.oldestWithPhone(TENANT, COUNTERPART)
                : Contacts.oldestWithEmail(TENANT, COUNTERPART);
    }

    /**
     * Whether the newest message sent in the conversation before this one was automated (a reminder): set on an
     * inbound message, so that a reply to a reminder can be told from a reply to staff. False when there is none.
     */
    private static Field<Boolean> lastOutboundWasAutomated() {
        return DSL.coalesce(DSL.field(DSL.select(M_AUTOMATED)
                .from(MESSAGE)
                .where(M_TENANT_ID.eq(TENANT).and(M_CONVERSATION_ID.eq(RECORDED_CONVERSATION))
                        .and(M_DIRECTION.eq(inline(Direction.OUTBOUND.wireName())))
                        .and(M_STATUS.ne(inline(MessageStatus.DRAFT.wireName()))))
                .orderBy(M_OCCURRED_AT.desc(), M_ID.desc())
                .limit(RowCount.of(1))), inline(false));
    }
}
