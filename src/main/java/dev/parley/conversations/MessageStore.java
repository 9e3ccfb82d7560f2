package dev.parley.conversations;

import static dev.parley.conversations.Schema.*;
import static org.jooq.impl.DSL.lateral;
import static org.jooq.impl.DSL.multiset;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.param;
import static org.jooq.impl.DSL.row;
import static org.jooq.impl.DSL.select;

import dev.parley.query.QueryResource.BoundFilter;
import dev.parley.query.QueryResource.Ordering;
import dev.parley.storage.RenderedQuery;
import dev.parley.storage.Row;
import dev.parley.storage.RowCount;
import dev.parley.storage.SqlTypes;
import dev.parley.tenancy.TenantId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.QueryPart;
import org.jooq.Record;
import org.jooq.Records;
import org.jooq.ResultQuery;
import org.jooq.SQLDialect;
import org.jooq.Select;
import org.jooq.SortField;
import org.jooq.Table;
import org.jooq.VisitContext;
import org.jooq.VisitListener;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.springframework.stereotype.Repository;

/** Messages, their attachments, seen receipts and status history. Every method takes the tenant. */
@Repository
class MessageStore {

    private final DSLContext db;

    /** {@link #findAll}'s statement. */
    private final RenderedQuery byIds;
    /** {@link #lastMessages}'s statement. */
    private final RenderedQuery lastById;
    /** {@link #findByProviderId}'s and {@link #advance}'s, run for every status report a provider sends. */
    private final RenderedQuery byProviderId;
    private final RenderedQuery advance;

    MessageStore(DSLContext db) {
        this.db = db;
        this.byIds = RenderedQuery.of(messagesOf(M_ID.eq(DSL.any(param("ids", Long[].class))))
                .orderBy(M_OCCURRED_AT.desc(), M_ID.desc()));
        this.lastById = RenderedQuery.of(db.select(M_ID, M_BODY, M_STATUS, M_OCCURRED_AT).from(MESSAGE)
                .where(M_TENANT_ID.eq(param("tenant_id", Long.class)))
                .and(M_ID.eq(DSL.any(param("ids", Long[].class)))));
        this.byProviderId = RenderedQuery.of(db.select(M_ID, M_CONVERSATION_ID, M_STATUS)
                .from(MESSAGE)
                .where(M_TENANT_ID.eq(param("tenant_id", Long.class))
                        .and(M_PROVIDER.eq(param("provider", String.class)))
                        .and(M_PROVIDER_MESSAGE_ID.eq(param("provider_message_id", String.class)))));
        this.advance = RenderedQuery.of(db.resultQuery(ADVANCE,
                        DSL.cast(param("tenant_id", Long.class), SQLDataType.BIGINT),
                        DSL.cast(param("message_id", Long.class), SQLDataType.BIGINT),
                        textParam("status"), textParam("provider_status"), textParam("error_code"),
                        textParam("error_reason"), param("updated_at", SqlTypes.INSTANT),
                        DSL.cast(param("from_statuses", String[].class), SQLDataType.CLOB.array()), textParam("detail"))
                .coerce(ADVANCED_CONVERSATION));
    }

    /** The message a provider's id names: its id and status. */
    Optional<Conversations.ProviderMessage> findByProviderId(long tenant, String provider, String providerMessageId) {
        return byProviderId.fetch(db, Map.of("tenant_id", tenant, "provider", provider,
                        "provider_message_id", providerMessageId),
                r -> new Conversations.ProviderMessage(r.get(M_ID), MessageStatus.of(r.get(M_STATUS)))).stream().findFirst();
    }

    /** The message's status, locked until the transaction ends; empty when there is no such message. */
    Optional<MessageStatus> lockStatus(long tenant, long messageId) {
        return db.select(M_STATUS).from(MESSAGE).where(M_TENANT_ID.eq(tenant).and(M_ID.eq(messageId))).forUpdate()
                .fetchOptional(r -> MessageStatus.of(r.value1()));
    }

    // One status report in one statement: the update moves the message only from a status that may move to the new
    // one (its WHERE is checked again on the locked row, so two reports at once cannot both move it), and the
    // history line is written only when it moved.
    private static final String ADVANCE = """
            with moved as (
              update message set status = {2}, provider_status = coalesce({3}, provider_status),
                                 error_code = coalesce({4}, error_code), error_reason = coalesce({5}, error_reason),
                                 updated_at = {6}
              where tenant_id = {0} and message_id = {1} and status = any({7})
              returning conversation_id
            ),
            status_line as (
              insert into message_status_event (tenant_id, message_id, status, provider_status, error_code, detail)
              select {0}, {1}, {2}, {3}, {4}, {8} from moved
            )
            select conversation_id from moved""";

    /**
     * Moves a message to a new status when its status may move there (see {@link MessageStatus#mayMoveTo}) and adds
     * the change to its history with {@code detail}, in one statement. Answers the message's conversation when it
     * moved; empty when it did not or there is no such message.
     */
    Optional<Long> advance(long tenant, long messageId, StatusUpdate update, String detail) {
        return advanceFrom(tenant, messageId, update, detail, Arrays.stream(MessageStatus.values())
                .filter(s -> s.mayMoveTo(update.status())).toList());
    }

    /** As {@link #advance}, but only from the statuses in {@code from}, checked again on the locked row. */
    Optional<Long> advanceFrom(long tenant, long messageId, StatusUpdate update, String detail,
                               List<MessageStatus> from) {
        Map<String, Object> values = new HashMap<>();
        values.put("tenant_id", tenant);
        values.put("message_id", messageId);
        values.put("status", update.status().wireName());
        values.put("provider_status", update.providerStatus());
        values.put("error_code", update.errorCode());
        values.put("error_reason", update.errorReason());
        values.put("updated_at", Instant.now());
        values.put("from_statuses", from.stream().map(MessageStatus::wireName).toArray(String[]::new));
        values.put("detail", detail);
        return advance.fetch(db, values, r -> r.get(ADVANCED_CONVERSATION)).stream().findFirst();
    }

    private static final Field<Long> ADVANCED_CONVERSATION = DSL.field(DSL.name("conversation_id"), Long.class);

    private static Field<String> textParam(String name) {
        return DSL.cast(param(name, String.class), SQLDataType.CLOB);
    }

    /**
     * Messages of any tenant that {@code provider} took (they have its id) and that have been in {@code sending}
     * since before {@code since}: the oldest first, at most {@code limit}.
     */
    List<Conversations.AwaitingReport> awaitingReport(String provider, Instant since, int limit) {
        return db.select(M_TENANT_ID, M_ID, M_PROVIDER_MESSAGE_ID, M_TO).from(MESSAGE)
                .where(M_STATUS.eq(DSL.inline(MessageStatus.SENDING.wireName())).and(M_UPDATED_AT.lt(since))
                        .and(M_PROVIDER.eq(provider)).and(M_PROVIDER_MESSAGE_ID.isNotNull()))
                .orderBy(M_UPDATED_AT).limit(limit)
                .fetch(r -> new Conversations.AwaitingReport(new TenantId(r.get(M_TENANT_ID)), r.get(M_ID),
                        r.get(M_PROVIDER_MESSAGE_ID), r.get(M_TO)));
    }

    /** Whether the tenant has this message. */
    boolean exists(long tenant, long messageId) {
        return db.fetchExists(MESSAGE, M_TENANT_ID.eq(tenant).and(M_ID.eq(messageId)));
    }

    /** Sets the provider's id of a message that has none yet; false when it already has one. */
    boolean setProviderId(long tenant, long messageId, String provider, String providerMessageId) {
        return db.update(MESSAGE)
                .set(column(M_PROVIDER), provider)
                .set(column(M_PROVIDER_MESSAGE_ID), providerMessageId)
                .set(column(M_UPDATED_AT), Instant.now())
                .where(M_TENANT_ID.eq(tenant).and(M_ID.eq(messageId)).and(M_PROVIDER_MESSAGE_ID.isNull()))
                .execute() == 1;
    }

    /** One message's row in a set-based statement: its tenant and id, then the values for it. */
    record Keyed<T>(long tenant, long messageId, T value) {}

    /** A message that a set-based statement changed. */
    record Changed(long tenant, long messageId, long conversationId) {}

    /**
     * Moves many messages to new statuses in one statement: each only from a status that may move to its new
     * one (see {@link MessageStatus#mayMoveTo}). Answers the messages that moved.
     */
    List<Changed> setStatuses(List<Keyed<StatusUpdate>> updates) {
        if (updates.isEmpty()) {
            return List.of();
        }
        Table<?> v = values("v", updates.stream().map(u -> List.<Field<?>>of(bigint(u.tenant()), bigint(u.messageId()),
                text(u.value().status().wireName()), text(u.value().providerStatus()), text(u.value().errorCode()),
                text(u.value().errorReason()), textArray(Arrays.stream(MessageStatus.values())
                        .filter(s -> s.mayMoveTo(u.value().status())).map(MessageStatus::wireName).toArray(String[]::new))))
                .toList(), "tenant_id", "message_id", "status", "provider_status", "error_code", "error_reason", "from_statuses");
        Instant now = Instant.now();
        return db.update(MESSAGE)
                .set(column(M_STATUS), vField("status", String.class))
                .set(column(M_PROVIDER_STATUS), DSL.coalesce(vField("provider_status", String.class), M_PROVIDER_STATUS))
                .set(column(M_ERROR_CODE), DSL.coalesce(vField("error_code", String.class), M_ERROR_CODE))
                .set(column(M_ERROR_REASON), DSL.coalesce(vField("error_reason", String.class), M_ERROR_REASON))
                .set(column(M_UPDATED_AT), now)
                .from(v)
                .where(M_TENANT_ID.eq(vField("tenant_id", Long.class)).and(M_ID.eq(vField("message_id", Long.class)))
                        .and(M_STATUS.eq(DSL.any(vField("from_statuses", String[].class)))))
                .returning(M_TENANT_ID, M_ID, M_CONVERSATION_ID)
                .fetch(r -> new Changed(r.get(M_TENANT_ID), r.get(M_ID), r.get(M_CONVERSATION_ID)));
    }

    /**
     * Sets the provider's id of the messages that have none yet, in one statement; answers those it set, and those
     * that already had this very id (the provider's status callback, naming Parley's id, can record it first).
     */
    List<Changed> setProviderIds(List<Keyed<String[]>> providerIds) {
        if (providerIds.isEmpty()) {
            return List.of();
        }
        Table<?> v = values("v", providerIds.stream().map(p -> List.<Field<?>>of(bigint(p.tenant()), bigint(p.messageId()),
                text(p.value()[0]), text(p.value()[1]))).toList(), "tenant_id", "message_id", "provider", "provider_message_id");
        return db.update(MESSAGE)
                .set(column(M_PROVIDER), vField("provider", String.class))
                .set(column(M_PROVIDER_MESSAGE_ID), vField("provider_message_id", String.class))
                .set(column(M_UPDATED_AT), Instant.now())
                .from(v)
                .where(M_TENANT_ID.eq(vField("tenant_id", Long.class)).and(M_ID.eq(vField("message_id", Long.class)))
                        .and(M_PROVIDER_MESSAGE_ID.isNull().or(M_PROVIDER.eq(vField("provider", String.class))
                                .and(M_PROVIDER_MESSAGE_ID.eq(vField("provider_message_id", String.class))))))
                .returning(M_TENANT_ID, M_ID, M_CONVERSATION_ID)
                .fetch(r -> new Changed(r.get(M_TENANT_ID), r.get(M_ID), r.get(M_CONVERSATION_ID)));
    }

    /**
     * Adds lines to the status histories of many messages in one statement, in the order given; each line
     * carries {@code status} when it is given, else the message's status as it stands.
     */
    void recordStatuses(List<Keyed<StatusLine>> lines) {
        if (lines.isEmpty()) {
            return;
        }
        List<List<Field<?>>> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Keyed<StatusLine> l = lines.get(i);
            rows.add(List.of(bigint(l.tenant()), bigint(l.messageId()), DSL.cast(DSL.val(i), SQLDataType.INTEGER),
                    text(l.value().status() == null ? null : l.value().status().wireName()), text(l.value().providerStatus()),
                    text(l.value().errorCode()), text(l.value().detail())));
        }
        Table<?> v = values("v", rows, "tenant_id", "message_id", "position", "status", "provider_status", "error_code", "detail");
        db.insertInto(STATUS_EVENT, column(S_TENANT_ID), column(S_MESSAGE_ID), column(S_STATUS), column(S_PROVIDER_STATUS),
                        column(S_ERROR_CODE), column(S_DETAIL))
                .select(DSL.select(M_TENANT_ID, M_ID, DSL.coalesce(vField("status", String.class), M_STATUS),
                                vField("provider_status", String.class), vField("error_code", String.class),
                                vField("detail", String.class))
                        .from(v)
                        .join(MESSAGE).on(M_TENANT_ID.eq(vField("tenant_id", Long.class))
                                .and(M_ID.eq(vField("message_id", Long.class))))
                        .orderBy(vField("position", Integer.class)))
                .execute();
    }

    /** A line of a status history; a null status means the message's status as it stands. */
    record StatusLine(MessageStatus status, String providerStatus, String errorCode, String detail) {}

    private static Table<?> values(String alias, List<List<Field<?>>> rows, String... columns) {
        return DSL.values(rows.stream().map(DSL::row).toArray(org.jooq.RowN[]::new)).as(alias, columns);
    }

    private static <T> Field<T> vField(String column, Class<T> type) {
        return DSL.field(DSL.name("v", column), type);
    }

    private static Field<Long> bigint(long value) {
        return DSL.cast(DSL.val(value), SQLDataType.BIGINT);
    }

    private static Field<String> text(String value) {
        return DSL.cast(DSL.val(value, SQLDataType.CLOB), SQLDataType.CLOB);
    }

    private static Field<String[]> textArray(String[] value) {
        return DSL.cast(DSL.val(value, SQLDataType.CLOB.array()), SQLDataType.CLOB.array());
    }

    /** Outbound messages to an address that have not gone to a provider yet. */
    List<Long> pendingTo(long tenant, Channel channel, String address) {
        return db.select(M_ID).from(MESSAGE)
                .where(M_TENANT_ID.eq(tenant).and(M_CHANNEL.eq(channel.wireName())).and(M_TO.eq(address))
                        .and(M_DIRECTION.eq(Direction.OUTBOUND.wireName()))
                        .and(M_STATUS.in(MessageStatus.SCHEDULED.wireName(), MessageStatus.QUEUED.wireName())))
                .fetch(M_ID);
    }

    void insertAttachments(long tenant, long messageId, List<Attachment> attachments) {
        for (int i = 0; i < attachments.size(); i++) {
            Attachment a = attachments.get(i);
            db.insertInto(ATTACHMENT)
                    .set(column(A_TENANT_ID), tenant)
                    .set(column(A_MESSAGE_ID), messageId)
                    .set(column(A_POSITION), i)
                    .set(column(A_KIND), a.kind())
                    .set(column(A_URL), a.url())
                    .set(column(A_CONTENT_TYPE), a.contentType())
                    .set(column(A_FILE_NAME), a.fileName())
                    .set(column(A_SIZE_BYTES), a.sizeBytes())
                    .set(column(A_REFERENCE), a.reference())
                    .execute();
        }
    }

    void recordStatus(long tenant, long messageId, MessageStatus status, String providerStatus, String errorCode,
                      String detail) {
        db.insertInto(STATUS_EVENT)
                .set(column(S_TENANT_ID), tenant)
                .set(column(S_MESSAGE_ID), messageId)
                .set(column(S_STATUS), status.wireName())
                .set(column(S_PROVIDER_STATUS), providerStatus)
                .set(column(S_ERROR_CODE), errorCode)
                .set(column(S_DETAIL), detail)
                .execute();
    }

    List<StatusChange> statusHistory(long tenant, long messageId) {
        return db.select(S_STATUS, S_PROVIDER_STATUS, S_ERROR_CODE, S_DETAIL, S_OCCURRED_AT)
                .from(STATUS_EVENT)
                .where(S_TENANT_ID.eq(tenant).and(S_MESSAGE_ID.eq(messageId)))
                .orderBy(S_ID)
                .fetch(r -> new StatusChange(MessageStatus.of(r.get(S_STATUS)), r.get(S_PROVIDER_STATUS),
                        r.get(S_ERROR_CODE), r.get(S_DETAIL), r.get(S_OCCURRED_AT)));
    }

    /** Messages by id, newest first: one statement, the same SQL for any number of ids (ADR 0026, 0029). */
    List<Message> findAll(long tenant, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return byIds.fetch(db, Map.of("tenant_id", tenant, "ids", RenderedQuery.anyOf(ids, Long[]::new)),
                MessageStore::toMessage);
    }

    /**
     * What a counterpart's summary shows of these messages (id, body, status, time), in no order: one statement of
     * the message's own columns, without its conversation, attachments or receipts.
     */
    List<CounterpartSummary.LastMessage> lastMessages(long tenant, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return lastById.fetch(db, Map.of("tenant_id", tenant, "ids", RenderedQuery.anyOf(ids, Long[]::new)),
                r -> new CounterpartSummary.LastMessage(r.get(M_ID), r.get(M_BODY), MessageStatus.of(r.get(M_STATUS)),
                        r.get(M_OCCURRED_AT)));
    }

    /** Every message of these conversations, newest first, with attachments and receipts: three queries in all. */
    List<Message> ofConversations(long tenant, Collection<Long> conversationIds) {
        return conversationIds.isEmpty() ? List.of()
                : newestFirst(tenant, M_CONVERSATION_ID.in(conversationIds), Integer.MAX_VALUE);
    }

    /**
     * Messages of a conversation, newest first, strictly before the cursor when one is given: the thread's page,
     * rendered once per page size and cursor (ADR 0026).
     */
    List<Message> page(long tenant, long conversationId, Cursor before, int limit) {
        Map<String, Object> values = new HashMap<>();
        values.put("tenant_id", tenant);
        values.put("conversation_id", conversationId);
        if (before != null) {
            values.put("before_at", before.at());
            values.put("before_id", before.id());
        }
        return threadPages.get(new ThreadShape(before != null, limit)).fetch(db, values, MessageStore::toMessage);
    }

    /** What a thread page's SQL depends on: whether it starts at a cursor, and its size. */
    private record ThreadShape(boolean before, int limit) {}

    private final RenderedQuery.Shapes<ThreadShape> threadPages = new RenderedQuery.Shapes<>(256, this::threadPage);

    private Select<Record> threadPage(ThreadShape shape) {
        return messagesOf(M_CONVERSATION_ID.eq(param("conversation_id", Long.class)))
                .and(shape.before() ? row(M_OCCURRED_AT, M_ID).lt(param("before_at", M_OCCURRED_AT.getDataType()),
                        param("before_id", Long.class)) : noCondition())
                .orderBy(M_OCCURRED_AT.desc(), M_ID.desc())
                .offset(RowCount.of(0))
                .limit(RowCount.of(shape.limit()));
    }

    /** The tenant's messages (param {@code tenant_id}) that {@code condition} keeps, with what {@link #toMessage} reads. */
    private org.jooq.SelectConditionStep<Record> messagesOf(Condition condition) {
        return db.select(SELECTED)
                .from(MESSAGE)
                .join(CONVERSATION).on(C_TENANT_ID.eq(M_TENANT_ID).and(C_ID.eq(M_CONVERSATION_ID)))
                .where(M_TENANT_ID.eq(param("tenant_id", Long.class)))
                .and(condition);
    }

    private List<Message> newestFirst(long tenant, Condition condition, int limit) {
        return load(tenant, condition, List.of(M_OCCURRED_AT.desc(), M_ID.desc()), 0, limit);
    }

    /**
     * Messages matching a filter over {@link MessageColumns}, in the given order and then by id, from
     * {@code offset}: one query, with the attachments and receipts, rendered once per shape of filter and page.
     */
    List<Message> find(long tenant, BoundFilter filter, Ordering order, int offset, int limit) {
        RenderedQuery query = found.get(new FoundShape(filter.shape(), order.shape(), offset, limit), () -> {
            List<SortField<?>> sort = new ArrayList<>(order.fields());
            sort.add(M_ID.asc());
            return messagesOf(filter.condition()).orderBy(sort).offset(RowCount.of(offset)).limit(RowCount.of(limit));
        });
        return query.fetch(db, withTenant(tenant, filter), MessageStore::toMessage);
    }

    /** What the SQL of a page of found messages depends on: the filter's shape, the order's, the offset and size. */
    private record FoundShape(String filter, String order, int offset, int limit) {}

    private final RenderedQuery.Shapes<FoundShape> found = new RenderedQuery.Shapes<>(256);

    /**
     * The ids of {@link #find}'s page, and nothing else of its messages. The conversation is joined only when the
     * filter or the order reads one of its columns, as in {@link #count}: a page whose filter and order an index of
     * the message's own columns serves is read from that index alone.
     */
    List<Long> findIds(long tenant, BoundFilter filter, Ordering order, int offset, int limit) {
        RenderedQuery query = foundIds.get(new FoundShape(filter.shape(), order.shape(), offset, limit), () -> {
            List<SortField<?>> sort = new ArrayList<>(order.fields());
            sort.add(M_ID.asc());
            boolean joins = readsConversation(filter.condition())
                    || sort.stream().anyMatch(MessageStore::readsConversation);
            return db.select(M_ID).from(messagesWithConversationIf(joins))
                    .where(M_TENANT_ID.eq(param("tenant_id", Long.class)))
                    .and(filter.condition())
                    .orderBy(sort).offset(RowCount.of(offset)).limit(RowCount.of(limit));
        });
        return query.fetch(db, withTenant(tenant, filter), r -> r.get(M_ID));
    }

    private final RenderedQuery.Shapes<FoundShape> foundIds = new RenderedQuery.Shapes<>(256);

    private static Map<String, Object> withTenant(long tenant, BoundFilter filter) {
        Map<String, Object> values = new HashMap<>(filter.values());
        values.put("tenant_id", tenant);
        return values;
    }

    /**
     * How many messages match a condition over {@link MessageColumns}. The conversation is joined only when the
     * condition reads one of its columns (the contact, the counterpart): every message has its conversation (a
     * foreign key), so the join neither adds nor removes rows, and without it a count by the message's own columns
     * is an index-only scan of {@code message_tenant_time_idx} (ADR 0017).
     */
    long count(long tenant, BoundFilter filter) {
        RenderedQuery query = counts.get(filter.shape(), () -> {
            return db.select(COUNT).from(messagesWithConversationIf(readsConversation(filter.condition())))
                    .where(M_TENANT_ID.eq(param("tenant_id", Long.class)))
                    .and(filter.condition());
        });
        return query.fetch(db, withTenant(tenant, filter), r -> r.get(COUNT)).get(0);
    }

    private static final Field<Long> COUNT = DSL.count().cast(Long.class).as("count");

    private final RenderedQuery.Shapes<String> counts = new RenderedQuery.Shapes<>(256);

    /** How many messages a tenant has on these days, of these channels and directions, from the day counters. */
    long count(long tenant, MessageDays days) {
        List<String> channels = days.channels().stream().map(Channel::wireName).sorted().toList();
        List<String> directions = days.directions().stream().map(Direction::wireName).sorted().toList();
        DayShape shape = new DayShape(days.from() != null, days.through() != null, channels, directions);
        Map<String, Object> values = new HashMap<>();
        values.put("tenant_id", tenant);
        values.put("from", days.from());
        values.put("through", days.through());
        return dayCounts.get(shape).fetch(db, values, r -> r.get(DAY_SUM)).get(0);
    }

    /** What the SQL of a sum of day counters depends on: which bounds it has, and its channels and directions. */
    private record DayShape(boolean from, boolean through, List<String> channels, List<String> directions) {}

    private static final Field<Long> DAY_SUM = DSL.coalesce(DSL.sum(D_MESSAGES), DSL.inline(BigDecimal.ZERO))
            .cast(Long.class).as("messages");

    private final RenderedQuery.Shapes<DayShape> dayCounts = new RenderedQuery.Shapes<>(256, this::dayCount);

    private Select<?> dayCount(DayShape shape) {
        Condition on = D_TENANT_ID.eq(param("tenant_id", Long.class));
        if (shape.from()) {
            on = on.and(D_DAY.ge(param("from", java.time.LocalDate.class)));
        }
        if (shape.through()) {
            on = on.and(D_DAY.le(param("through", java.time.LocalDate.class)));
        }
        if (!shape.channels().isEmpty()) {
            on = on.and(D_CHANNEL.in(shape.channels().stream().map(DSL::inline).toList()));
        }
        if (!shape.directions().isEmpty()) {
            on = on.and(D_DIRECTION.in(shape.directions().stream().map(DSL::inline).toList()));
        }
        return db.select(DAY_SUM).from(DAY_COUNT).where(on);
    }

    /**
     * Whether a condition or sort field reads a column of the conversation table, anywhere in it (a subquery over
     * the contact included): rendering it visits every part. A miss could only fail the query (no such table),
     * never change a count.
     */
    private static boolean readsConversation(QueryPart part) {
        boolean[] found = {false};
        VisitListener listener = new VisitListener() {
            @Override
            public void visitStart(VisitContext context) {
                if (context.queryPart() instanceof Field<?> field && field.getQualifiedName().qualified()
                        && field.getQualifiedName().first().equals(CONVERSATION.getName())) {
                    found[0] = true;
                }
            }
        };
        DSL.using(SQLDialect.POSTGRES).configuration().derive(listener).dsl().render(part);
        return found[0];
    }

    /** The message table, joined to each message's conversation when a query reads it ({@link #readsConversation}). */
    private static Table<?> messagesWithConversationIf(boolean joined) {
        return joined ? MESSAGE.join(CONVERSATION).on(C_TENANT_ID.eq(M_TENANT_ID).and(C_ID.eq(M_CONVERSATION_ID)))
                : MESSAGE;
    }

    private List<Message> load(long tenant, Condition condition, List<? extends SortField<?>> order, int offset, int limit) {
        return db.select(SELECTED)
                .from(MESSAGE)
                .join(CONVERSATION).on(C_TENANT_ID.eq(M_TENANT_ID).and(C_ID.eq(M_CONVERSATION_ID)))
                .where(M_TENANT_ID.eq(tenant))
                .and(condition)
                .orderBy(order)
                .offset(RowCount.of(offset))
                .limit(RowCount.of(limit))
                .fetch(Row.mapping(MessageStore::toMessage));
    }

    /**
     * The {@code perConversation} newest messages of each of these conversations, created (occurred) at or
     * after {@code since} when it is given, drafts left out as in history; ordered by conversation, then
     * newest first. One query for the messages of all the conversations, whatever their number: a LATERAL
     * subquery per conversation reads only its newest rows along {@code message_conversation_time_idx} and
     * stops at the limit, where a {@code row_number()} window would read each conversation's whole
     * history first. Attachments and seen receipts then come in one query each.
     */
    List<Message> newestOf(long tenant, Collection<Long> conversationIds, Instant since, int perConversation) {
        if (conversationIds.isEmpty()) {
            return List.of();
        }
        return newestQuery(tenant, conversationIds, since, perConversation).fetch(Row.mapping(MessageStore::toMessage));
    }

    /** The query behind {@link #newestOf}; its plan reads each conversation's newest rows through the index. */
    ResultQuery<Record> newestQuery(long tenant, Collection<Long> conversationIds, Instant since, int perConversation) {
        // The derived table is named "message", so the qualified fields of Schema read its columns outside it.
        Table<?> newest = lateral(select(MESSAGE_FIELDS)
                .from(MESSAGE)
                .where(M_TENANT_ID.eq(tenant).and(M_CONVERSATION_ID.eq(C_ID)))
                .and(M_STATUS.ne(MessageStatus.DRAFT.wireName()))
                .and(since == null ? noCondition() : M_OCCURRED_AT.ge(since))
                .orderBy(M_OCCURRED_AT.desc(), M_ID.desc())
                .limit(RowCount.of(perConversation))
                .asTable(MESSAGE.getName()));
        return db.select(SELECTED)
                .from(CONVERSATION)
                .crossJoin(newest)
                .where(C_TENANT_ID.eq(tenant).and(C_ID.in(conversationIds)))
                .orderBy(M_CONVERSATION_ID, M_OCCURRED_AT.desc(), M_ID.desc());
    }

    /** The columns of a message row that {@link #toMessage} reads, but for the conversation's contact. */
    private static final Field<?>[] MESSAGE_FIELDS = {M_ID, M_CONVERSATION_ID, M_LOCATION_ID, M_CHANNEL, M_DIRECTION,
            M_AUTOMATED, M_BODY, M_SUBJECT, M_FROM, M_TO, M_STATUS, M_PROVIDER, M_PROVIDER_MESSAGE_ID, M_PROVIDER_STATUS,
            M_ERROR_CODE, M_ERROR_REASON, M_SEND_AT, M_OCCURRED_AT, M_CREATED_AT, M_UPDATED_AT, M_READ_AT, M_READ_BY,
            M_RESOLVED_AT, M_RESOLVED_BY, M_SENT_BY, M_REPLY_TO_STAFF_ID, M_REPLIES_TO_AUTOMATED, M_ANONYMIZED_AT, M_TAGS};

    /** A message's attachments in order, read in the message's own query (the row's conversation is joined). */
    static final Field<List<Attachment>> ATTACHMENTS = multiset(
            select(A_KIND, A_URL, A_CONTENT_TYPE, A_FILE_NAME, A_SIZE_BYTES, A_REFERENCE, A_UPDATED_AT)
                    .from(ATTACHMENT)
                    .where(A_TENANT_ID.eq(C_TENANT_ID).and(A_MESSAGE_ID.eq(M_ID)))
                    .orderBy(A_POSITION))
            .as("attachments").convertFrom(r -> r.map(Records.mapping(Attachment::new)));

    /**
     * Who of the staff has seen a message, first seen first, read in the message's own query. The few receipts
     * are sorted here rather than by a sort node under every row of the page.
     */
    static final Field<List<Message.SeenReceipt>> SEEN_BY = multiset(
            select(SEEN_STAFF_USER_ID, SEEN_AT)
                    .from(SEEN)
                    .where(SEEN_TENANT_ID.eq(C_TENANT_ID).and(SEEN_MESSAGE_ID.eq(M_ID))))
            .as("seen_by").convertFrom(r -> r.isEmpty() ? List.of() : r.map(Records.mapping(Message.SeenReceipt::new))
                    .stream()
                    .sorted(Comparator.comparing(Message.SeenReceipt::seenAt).thenComparing(Message.SeenReceipt::staffUserId))
                    .toList());

    /**
     * What a query that also selects the conversation's columns adds to make {@link Message}s, with their
     * attachments and receipts: one statement per page.
     */
    static final List<Field<?>> SELECTED_WITH_CONVERSATION = fields(false);

    /** What a query that joins the conversation selects to make {@link Message}s. */
    static final List<Field<?>> SELECTED = fields(true);

    private static List<Field<?>> fields(boolean contact) {
        List<Field<?>> fields = new ArrayList<>(List.of(MESSAGE_FIELDS));
        if (contact) {
            fields.add(C_CONTACT_ID);
        }
        fields.add(ATTACHMENTS);
        fields.add(SEEN_BY);
        return List.copyOf(fields);
    }

    /**
     * A page of history, newest first: the {@code top} newest messages before {@code before} (exclusive,
     * whole seconds) and then every other message in the same second as the last of them, so that the
     * next page, asked for with that second, skips nothing. Drafts are not history.
     */
    List<Message> historyPage(long tenant, History history) {
        Condition scope = C_TENANT_ID.eq(tenant).and(M_STATUS.ne(MessageStatus.DRAFT.wireName()));
        scope = history.contactId() != null ? scope.and(C_CONTACT_ID.eq(history.contactId()))
                : scope.and(C_CHANNEL.eq(history.channel().wireName())).and(C_COUNTERPART.eq(history.counterpart()));
        Instant before = history.before() == null ? null : history.before().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Condition window = before == null ? noCondition() : M_OCCURRED_AT.lt(before);
        var newest = db.select(M_ID, M_OCCURRED_AT)
                .from(MESSAGE)
                .join(CONVERSATION).on(C_TENANT_ID.eq(M_TENANT_ID).and(C_ID.eq(M_CONVERSATION_ID)))
                .where(M_TENANT_ID.eq(tenant)).and(scope).and(window)
                .orderBy(M_OCCURRED_AT.desc(), M_ID.desc())
                .limit(RowCount.of(history.top()))
                .fetch();
        if (newest.size() < history.top()) {
            return sortedNewestFirst(findAll(tenant, newest.getValues(M_ID)));
        }
        Instant lastSecond = newest.get(newest.size() - 1).get(M_OCCURRED_AT)
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        List<Long> withTies = db.select(M_ID)
                .from(MESSAGE)
                .join(CONVERSATION).on(C_TENANT_ID.eq(M_TENANT_ID).and(C_ID.eq(M_CONVERSATION_ID)))
                .where(M_TENANT_ID.eq(tenant)).and(scope).and(window).and(M_OCCURRED_AT.ge(lastSecond))
                .fetch(M_ID);
        return sortedNewestFirst(findAll(tenant, withTies));
    }

    private static List<Message> sortedNewestFirst(List<Message> messages) {
        return messages.stream()
                .sorted(Comparator.comparing(Message::occurredAt).thenComparing(Message::id).reversed())
                .toList();
    }

    /** Marks every unread inbound message of the conversation read, and records who saw them. */
    int markRead(long tenant, long conversationId, Long staffUserId, Instant now) {
        if (staffUserId != null) {
            db.insertInto(SEEN, column(SEEN_TENANT_ID), column(SEEN_MESSAGE_ID), column(SEEN_STAFF_USER_ID), column(SEEN_AT))
                    .select(db.select(M_TENANT_ID, M_ID, org.jooq.impl.DSL.val(staffUserId), org.jooq.impl.DSL.val(now))
                            .from(MESSAGE)
                            .where(M_TENANT_ID.eq(tenant).and(M_CONVERSATION_ID.eq(conversationId))))
                    .onConflictDoNothing()
                    .execute();
        }
        return db.update(MESSAGE)
                .set(column(M_READ_AT), now)
                .set(column(M_READ_BY), staffUserId)
                .set(column(M_UPDATED_AT), now)
                .where(M_TENANT_ID.eq(tenant).and(M_CONVERSATION_ID.eq(conversationId))
                        .and(M_DIRECTION.eq(Direction.INBOUND.wireName())).and(M_READ_AT.isNull()))
                .execute();
    }

    /** Marks the newest inbound message unread; false when the conversation has no inbound message. */
    boolean markNewestInboundUnread(long tenant, long conversationId) {
        Long newest = db.select(M_ID)
                .from(MESSAGE)
                .where(M_TENANT_ID.eq(tenant).and(M_CONVERSATION_ID.eq(conversationId))
                        .and(M_DIRECTION.eq(Direction.INBOUND.wireName())))
                .orderBy(M_OCCURRED_AT.desc(), M_ID.desc())
                .limit(RowCount.of(1))
                .fetchOne(M_ID);
        if (newest == null) {
            return false;
        }
        db.update(MESSAGE)
                .set(column(M_READ_AT), (Instant) null)
                .set(column(M_READ_BY), (Long) null)
                .set(column(M_UPDATED_AT), Instant.now())
                .where(M_TENANT_ID.eq(tenant).and(M_ID.eq(newest)))
                .execute();
        return true;
    }

    /** Counts the unread inbound messages of one conversation, through the partial index of unread messages. */
    int countUnread(long tenant, long conversationId) {
        return db.fetchCount(MESSAGE, M_TENANT_ID.eq(tenant).and(M_CONVERSATION_ID.eq(conversationId))
                .and(M_DIRECTION.eq(Direction.INBOUND.wireName())).and(M_READ_AT.isNull()));
    }

    /** What deleting a message needs to know of it, with the message locked until the transaction ends. */
    record Deletable(long conversationId, MessageStatus status, boolean unreadInbound) {}

    Optional<Deletable> lockForDeletion(long tenant, long messageId) {
        return db.select(M_CONVERSATION_ID, M_STATUS, M_DIRECTION, M_READ_AT)
                .from(MESSAGE)
                .where(M_TENANT_ID.eq(tenant).and(M_ID.eq(messageId)))
                .forUpdate()
                .fetchOptional(r -> new Deletable(r.value1(), MessageStatus.of(r.value2()),
                        Direction.INBOUND.wireName().equals(r.value3()) && r.value4() == null));
    }

    /** The conversation a message is in; empty when the tenant has no such message. */
    Optional<Long> conversationOf(long tenant, long messageId) {
        return db.select(M_CONVERSATION_ID).from(MESSAGE).where(M_TENANT_ID.eq(tenant).and(M_ID.eq(messageId)))
                .fetchOptional(M_CONVERSATION_ID);
    }

    void delete(long tenant, long messageId) {
        db.deleteFrom(MESSAGE).where(M_TENANT_ID.eq(tenant).and(M_ID.eq(messageId))).execute();
    }

    /** Whether a message of the conversation is being handed to its provider right now. */
    boolean anySending(long tenant, long conversationId) {
        return db.fetchExists(MESSAGE, M_TENANT_ID.eq(tenant).and(M_CONVERSATION_ID.eq(conversationId))
                .and(M_STATUS.eq(MessageStatus.SENDING.wireName())));
    }

    void setBody(long tenant, long messageId, String body) {
        db.update(MESSAGE)
                .set(column(M_BODY), body)
                .set(column(M_UPDATED_AT), Instant.now())
                .where(M_TENANT_ID.eq(tenant).and(M_ID.eq(messageId)))
                .execute();
    }

    /** One offset page of the messages a query means, in its order, loaded with attachments and receipts. */
    List<Message> page(long tenant, MessageQuery query, int offset, int limit) {
        List<Long> ids = db.select(M_ID)
                .from(MESSAGE)
                .where(M_TENANT_ID.eq(tenant)).and(matching(tenant, query))
                .orderBy(query.oldestFirst() ? M_OCCURRED_AT.asc() : M_OCCURRED_AT.desc(),
                        query.oldestFirst() ? M_ID.asc() : M_ID.desc())
                .offset(RowCount.of(offset))
                .limit(RowCount.of(limit))
                .fetch(M_ID);
        Map<Long, Message> loaded = findAll(tenant, ids).stream()
                .collect(Collectors.toMap(Message::id, java.util.function.Function.identity()));
        return ids.stream().map(loaded::get).filter(java.util.Objects::nonNull).toList();
    }

    /** How many messages a query means, counted (for queries the kept counters cannot answer). */
    int count(long tenant, MessageQuery query) {
        return db.fetchCount(MESSAGE, M_TENANT_ID.eq(tenant).and(matching(tenant, query)));
    }

    private static Condition matching(long tenant, MessageQuery query) {
        Condition c = M_LOCATION_ID.eq(query.locationId()).and(M_CHANNEL.eq(query.channel().wireName()));
        if (query.conversationId() != null) {
            c = c.and(M_CONVERSATION_ID.eq(query.conversationId()));
        }
        if (query.counterpart() != null) {
            // One location has one conversation per counterpart and channel, found by its unique key.
            c = c.and(M_CONVERSATION_ID.in(org.jooq.impl.DSL.select(C_ID).from(CONVERSATION)
                    .where(C_TENANT_ID.eq(tenant).and(C_LOCATION_ID.eq(query.locationId()))
                            .and(C_CHANNEL.eq(query.channel().wireName())).and(C_COUNTERPART.eq(query.counterpart())))));
        }
        if (query.bodyContains() != null) {
            c = c.and(M_BODY.containsIgnoreCase(query.bodyContains()));
        }
        return c;
    }

    /** The message of a row that selected {@link #SELECTED}. */
    static Message toMessage(Row r) {
        return new Message(r.get(M_ID), r.get(M_CONVERSATION_ID), r.get(M_LOCATION_ID), r.get(C_CONTACT_ID),
                Channel.of(r.get(M_CHANNEL)), Direction.of(r.get(M_DIRECTION)), r.get(M_AUTOMATED), r.get(M_BODY),
                r.get(M_SUBJECT), r.get(M_FROM), r.get(M_TO), MessageStatus.of(r.get(M_STATUS)), r.get(M_PROVIDER),
                r.get(M_PROVIDER_MESSAGE_ID), r.get(M_PROVIDER_STATUS), r.get(M_ERROR_CODE), r.get(M_ERROR_REASON),
                r.get(M_SEND_AT), r.get(M_OCCURRED_AT), r.get(M_CREATED_AT), r.get(M_UPDATED_AT), r.get(M_READ_AT),
                r.get(M_READ_BY), r.get(M_RESOLVED_AT), r.get(M_RESOLVED_BY), r.get(M_SENT_BY),
                r.get(M_REPLY_TO_STAFF_ID), r.get(M_REPLIES_TO_AUTOMATED), r.get(M_ANONYMIZED_AT),
                List.of(r.get(M_TAGS)), r.get(ATTACHMENTS), r.get(SEEN_BY));
    }
}
