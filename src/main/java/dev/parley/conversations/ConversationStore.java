package dev.parley.conversations;

import static dev.parley.conversations.Schema.*;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.param;
import static org.jooq.impl.DSL.row;
import static org.jooq.impl.DSL.sum;
import static org.jooq.impl.DSL.when;

import dev.parley.contacts.Consents;
import dev.parley.contacts.Contacts;
import dev.parley.query.QueryResource.BoundFilter;
import dev.parley.query.QueryResource.Ordering;
import dev.parley.storage.RenderedQuery;
import dev.parley.storage.Row;
import dev.parley.storage.RowCount;
import dev.parley.tenancy.Locations;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record2;
import org.jooq.Record5;
import org.jooq.Select;
import org.jooq.SelectJoinStep;
import org.jooq.SelectOnConditionStep;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** Conversations and their counters. Every method takes the tenant. */
@Repository
class ConversationStore {

    /** The column of {@link #copyConsent}'s read: whether the counterpart's opt-out is on record. */
    private static final Field<Boolean> OPTED_OUT_NOW = field(name("opted_out_now"), Boolean.class);

    private final DSLContext db;
    private final RenderedQuery unreadTotals;
    private final RenderedQuery unreadCounterparts;
    /** {@link #copyConsent}'s read by channel, run for every conversation a message starts. */
    private final Map<Channel, RenderedQuery> optedOut = new EnumMap<>(Channel.class);
    /** {@link #copyConsent}'s write, run only for a conversation with a counterpart who opted out. */
    private final RenderedQuery markOptedOut;

    ConversationStore(DSLContext db) {
        this.db = db;
        this.unreadTotals = RenderedQuery.of(unreadTotalsQuery());
        this.unreadCounterparts = RenderedQuery.of(unreadCounterpartsQuery(noCondition()));
        for (Channel channel : Channel.values()) {
            optedOut.put(channel, RenderedQuery.of(db.select(Consents.optedOut(param("tenant_id", Long.class),
                    channel.wireName(), param("counterpart", String.class)).as(OPTED_OUT_NOW))));
        }
        this.markOptedOut = RenderedQuery.of(db.update(CONVERSATION).set(column(C_OPTED_OUT), inline(true))
                .where(C_TENANT_ID.eq(param("tenant_id", Long.class))
                        .and(C_ID.eq(param("conversation_id", Long.class)))));
    }

    /**
     * Copies the counterpart's consent onto a conversation this transaction created (see
     * {@link Conversation#optedOut()}). A new conversation is not opted out, so its row is written again only when
     * the counterpart has opted out: for everyone else the copy is a read, and the row, its indexes and the
     * conversation's statement triggers are left alone.
     */
    void copyConsent(long tenant, long conversationId, Channel channel, String counterpart) {
        boolean opted = optedOut.get(channel).fetch(db, Map.of("tenant_id", tenant, "counterpart", counterpart),
                r -> r.get(OPTED_OUT_NOW)).get(0);
        if (opted) {
            markOptedOut.execute(db, Map.of("tenant_id", tenant, "conversation_id", conversationId));
        }
    }

    /** Sets the copy of an address's consent on each of its conversations on the channel that differs. */
    void setOptedOut(long tenant, Channel channel, String counterpart, boolean optedOut) {
        db.update(CONVERSATION)
                .set(column(C_OPTED_OUT), optedOut)
                .set(column(C_UPDATED_AT), Instant.now())
                .where(C_TENANT_ID.eq(tenant).and(C_CHANNEL.eq(channel.wireName())).and(C_COUNTERPART.eq(counterpart)))
                .and(C_OPTED_OUT.ne(optedOut))
                .execute();
    }

    Optional<Conversation> lock(long tenant, long conversationId) {
        return select().where(C_TENANT_ID.eq(tenant).and(C_ID.eq(conversationId))).forUpdate()
                .fetchOptional(Row.mapping(ConversationStore::toConversation));
    }

    /**
     * Counts a deleted message out of a conversation that still has messages: one message fewer, one unread
     * fewer when it was an unread inbound message, and the last message and awaiting-reply taken again
     * from the messages that remain (awaiting-reply: the oldest inbound message after the newest reply).
     */
    void countOut(long tenant, long conversationId, boolean unreadInbound) {
        Condition ofConversation = M_TENANT_ID.eq(tenant).and(M_CONVERSATION_ID.eq(conversationId));
        Record2<Instant, Long> newest = db.select(M_OCCURRED_AT, M_ID).from(MESSAGE).where(ofConversation)
                .orderBy(M_OCCURRED_AT.desc(), M_ID.desc()).limit(RowCount.of(1)).fetchOne();
        Record2<Instant, Long> reply = db.select(M_OCCURRED_AT, M_ID).from(MESSAGE).where(ofConversation)
                .and(M_DIRECTION.eq(Direction.OUTBOUND.wireName())).and(M_AUTOMATED.isFalse())
                .and(M_STATUS.ne(MessageStatus.DRAFT.wireName()))
                .orderBy(M_OCCURRED_AT.desc(), M_ID.desc()).limit(RowCount.of(1)).fetchOne();
        Instant awaiting = db.select(DSL.min(M_OCCURRED_AT)).from(MESSAGE).where(ofConversation)
                .and(M_DIRECTION.eq(Direction.INBOUND.wireName()))
                .and(reply == null ? noCondition() : row(M_OCCURRED_AT, M_ID).gt(reply.value1(), reply.value2()))
                .fetchOne(0, Instant.class);
        db.update(CONVERSATION)
                .set(column(C_MESSAGE_COUNT), C_MESSAGE_COUNT.minus(1))
                .set(column(C_UNREAD_COUNT), unreadInbound ? C_UNREAD_COUNT.minus(1) : C_UNREAD_COUNT)
                .set(column(C_LAST_MESSAGE_ID), newest == null ? null : newest.value2())
                .set(column(C_LAST_MESSAGE_AT), newest == null ? null : newest.value1())
                .set(column(C_AWAITING_REPLY_SINCE), awaiting)
                .set(column(C_UPDATED_AT), Instant.now())
                .where(C_TENANT_ID.eq(tenant).and(C_ID.eq(conversationId)))
                .execute();
    }

    /** Deletes a conversation; its messages, their histories and delivery jobs go with it (foreign keys cascade). */
    void delete(long tenant, long conversationId) {
        db.deleteFrom(CONVERSATION).where(C_TENANT_ID.eq(tenant).and(C_ID.eq(conversationId))).execute();
    }

    /** A location's conversations on a channel, newest activity first, from an offset, each with its last message. */
    List<ConversationView> pageAt(long tenant, long locationId, Channel channel, int offset, int limit) {
        return selectWithLastMessage()
                .where(C_TENANT_ID.eq(tenant).and(C_LOCATION_ID.eq(locationId)).and(C_CHANNEL.eq(channel.wireName())))
                .orderBy(C_LAST_ACTIVITY_AT.desc(), C_ID.desc())
                .offset(RowCount.of(offset))
                .limit(RowCount.of(limit))
                .fetch(Row.mapping(ConversationStore::toView));
    }

    int countAt(long tenant, long locationId, Channel channel) {
        return db.fetchCount(CONVERSATION, C_TENANT_ID.eq(tenant).and(C_LOCATION_ID.eq(locationId))
                .and(C_CHANNEL.eq(channel.wireName())));
    }

    /** The messages of a location's conversations on a channel: a sum of the kept counters, no message counted. */
    long messageCountAt(long tenant, long locationId, Channel channel) {
        java.math.BigDecimal total = db.select(sum(C_MESSAGE_COUNT)).from(CONVERSATION)
                .where(C_TENANT_ID.eq(tenant).and(C_LOCATION_ID.eq(locationId)).and(C_CHANNEL.eq(channel.wireName())))
                .fetchOne(0, java.math.BigDecimal.class);
        return total == null ? 0 : total.longValue();
    }

    void setUnreadCount(long tenant, long conversationId, int unread) {
        db.update(CONVERSATION)
                .set(column(C_UNREAD_COUNT), unread)
                .set(column(C_UPDATED_AT), Instant.now())
                .where(C_TENANT_ID.eq(tenant).and(C_ID.eq(conversationId)))
                .execute();
    }

    void update(long tenant, long conversationId, ConversationStatus status, Instant snoozedUntil, Long assigneeId,
                List<String> tags) {
        db.update(CONVERSATION)
                .set(column(C_STATUS), status.wireName())
                .set(column(C_SNOOZED_UNTIL), snoozedUntil)
                .set(column(C_ASSIGNEE_ID), assigneeId)
                .set(column(C_TAGS), tags.toArray(String[]::new))
                .set(column(C_UPDATED_AT), Instant.now())
                .where(C_TENANT_ID.eq(tenant).and(C_ID.eq(conversationId)))
                .execute();
    }

    /** Links the contact to the conversations with these addresses that have no contact yet. */
    void linkUnknown(long tenant, long contactId, Channel channel, List<String> addresses) {
        if (addresses.isEmpty()) {
            return;
        }
        db.update(CONVERSATION)
                .set(column(C_CONTACT_ID), contactId)
                .where(C_TENANT_ID.eq(tenant).and(C_CHANNEL.eq(channel.wireName()))
                        .and(C_COUNTERPART.in(addresses)).and(C_CONTACT_ID.isNull()))
                .execute();
    }

    Optional<Conversation> find(long tenant, long conversationId) {
        return select().where(C_TENANT_ID.eq(tenant).and(C_ID.eq(conversationId)))
                .fetchOptional(Row.mapping(ConversationStore::toConversation));
    }

    /**
     * One page of conversations, newest activity first, each with its last message: one statement, rendered once
     * per shape of filter (ADR 0026). {@code search}, when given, is a further condition built from the caller's
     * search text; such a page is rendered each time, since its list of matching contacts changes its SQL.
     */
    List<ConversationView> page(long tenant, ConversationFilter filter, Condition search, Cursor after, int limit) {
        PageShape shape = PageShape.of(filter, after, limit);
        Map<String, Object> values = new HashMap<>();
        values.put("tenant_id", tenant);
        if (filter.locationId() != null) {
            values.put("location_id", filter.locationId());
        }
        if (filter.status() != null) {
            values.put("status", filter.status().wireName());
        }
        if (filter.channel() != null) {
            values.put("channel", filter.channel().wireName());
        }
        if (after != null) {
            values.put("after_at", after.at());
            values.put("after_id", after.id());
        }
        if (search == null) {
            return pages.get(shape).fetch(db, values, ConversationStore::toView);
        }
        Select<Record> query = pageQuery(shape, search);
        values.forEach(query::bind);
        return query.fetch(Row.mapping(ConversationStore::toView));
    }

    /** Which filters a page uses, and its size: what its SQL depends on. */
    private record PageShape(boolean location, boolean status, Boolean unread, Boolean awaitingReply, boolean channel,
                             boolean after, int limit) {

        static PageShape of(ConversationFilter f, Cursor after, int limit) {
            return new PageShape(f.locationId() != null, f.status() != null, f.unread(), f.awaitingReply(),
                    f.channel() != null, after != null, limit);
        }
    }

    private final RenderedQuery.Shapes<PageShape> pages = new RenderedQuery.Shapes<>(256, s -> pageQuery(s, noCondition()));

    private Select<Record> pageQuery(PageShape shape, Condition search) {
        Condition where = C_TENANT_ID.eq(param("tenant_id", Long.class));
        if (shape.location()) {
            where = where.and(C_LOCATION_ID.eq(param("location_id", Long.class)));
        }
        if (shape.status()) {
            where = where.and(C_STATUS.eq(param("status", String.class)));
        }
        if (shape.unread() != null) {
            where = where.and(shape.unread() ? C_UNREAD_COUNT.gt(inline(0)) : C_UNREAD_COUNT.eq(inline(0)));
        }
        if (shape.awaitingReply() != null) {
            where = where.and(shape.awaitingReply() ? C_AWAITING_REPLY_SINCE.isNotNull() : C_AWAITING_REPLY_SINCE.isNull());
        }
        if (shape.channel()) {
            where = where.and(C_CHANNEL.eq(param("channel", String.class)));
        }
        if (shape.after()) {
            // The cursor's values are read by subqueries, which PostgreSQL plans without looking at them (ADR 0031):
            // compared with the values themselves, every custom plan looked cheaper than the generic one, and each
            // cursor page was planned anew, which took as long as running it.
            where = where.and(row(C_LAST_ACTIVITY_AT, C_ID).lt(
                    DSL.field(DSL.select(param("after_at", C_LAST_ACTIVITY_AT.getDataType()))),
                    DSL.field(DSL.select(param("after_id", Long.class)))));
        }
        return selectWithLastMessage()
                .where(where)
                .and(search)
                .orderBy(C_LAST_ACTIVITY_AT.desc(), C_ID.desc())
                .limit(RowCount.of(shape.limit()));
    }

    /**
     * A location's conversations newest activity first, skipping {@code offset} of them, read along the
     * location's activity index; {@code updatedSince}, when given, keeps those updated at or after it.
     */
    List<Conversation> locationPage(long tenant, long locationId, Instant updatedSince, int offset, int limit) {
        return select()
                .where(C_TENANT_ID.eq(tenant).and(C_LOCATION_ID.eq(locationId)))
                .and(updatedSince == null ? noCondition() : C_UPDATED_AT.ge(updatedSince))
                .orderBy(C_LAST_ACTIVITY_AT.desc(), C_ID.desc())
                .offset(RowCount.of(offset))
                .limit(RowCount.of(limit))
                .fetch(Row.mapping(ConversationStore::toConversation));
    }

    /** How many conversations {@link #locationPage} pages through. */
    long countAtLocation(long tenant, long locationId, Instant updatedSince) {
        return db.selectCount()
                .from(CONVERSATION)
                .where(C_TENANT_ID.eq(tenant).and(C_LOCATION_ID.eq(locationId)))
                .and(updatedSince == null ? noCondition() : C_UPDATED_AT.ge(updatedSince))
                .fetchOne(0, Long.class);
    }

    /**
     * Unread totals by location, channel and whether the counterpart is a known contact: sums of the striped
     * counter rows that triggers on conversation keep (ADR 0013), at most 16 rows per key whatever the history.
     */
    List<UnreadTotal> unreadTotals(long tenant) {
        return unreadTotals.fetch(db, Map.of("tenant_id", tenant), r -> new UnreadTotal(r.get(U_LOCATION_ID),
                Channel.of(r.get(U_CHANNEL)), r.get(U_KNOWN_CONTACT), r.get(UNREAD_CONVERSATIONS).longValue(),
                r.get(UNREAD_MESSAGES).longValue()));
    }

    private static final Field<java.math.BigDecimal> UNREAD_CONVERSATIONS = sum(U_CONVERSATIONS);
    private static final Field<java.math.BigDecimal> UNREAD_MESSAGES = sum(U_MESSAGES);

    /**
     * The query behind {@link #unreadTotals}, its tenant the param {@code tenant_id}; its plan reads the stripes
     * only, never conversations or messages.
     */
    Select<Record5<Long, String, Boolean, java.math.BigDecimal, java.math.BigDecimal>> unreadTotalsQuery() {
        return db.select(U_LOCATION_ID, U_CHANNEL, U_KNOWN_CONTACT, UNREAD_CONVERSATIONS, UNREAD_MESSAGES)
                .from(UNREAD_STRIPE)
                .where(U_TENANT_ID.eq(param("tenant_id", Long.class)))
                .groupBy(U_LOCATION_ID, U_CHANNEL, U_KNOWN_CONTACT)
                .having(UNREAD_CONVERSATIONS.gt(inline(java.math.BigDecimal.ZERO)));
    }

    /**
     * A channel's conversations that have a message, newest message first, after a position in that order
     * when one is given: one batch of the walk along {@code conversation_channel_last_message_idx} that
     * {@link Conversations#latestByCounterpart} stops once it has seen enough distinct counterparts.
     * {@code match}, when given, narrows the conversations walked; without it the SQL is rendered once per
     * batch size and cursor (ADR 0026).
     */
    List<ThreadHead> newestThreads(long tenant, Channel channel, Condition match, Cursor after, int limit) {
        Map<String, Object> values = new HashMap<>();
        values.put("tenant_id", tenant);
        values.put("channel", channel.wireName());
        if (after != null) {
            values.put("after_at", after.at());
            values.put("after_id", after.id());
        }
        WalkShape shape = new WalkShape(after != null, limit);
        if (match == null) {
            return walks.get(shape).fetch(db, values, ConversationStore::toThreadHead);
        }
        Select<?> query = newestThreadsQuery(shape, match);
        values.forEach(query::bind);
        return query.fetch(Row.mapping(ConversationStore::toThreadHead));
    }

    /** What a batch of the walk's SQL depends on: whether it starts at a cursor, and its size. */
    private record WalkShape(boolean after, int limit) {}

    private final RenderedQuery.Shapes<WalkShape> walks = new RenderedQuery.Shapes<>(256,
            shape -> newestThreadsQuery(shape, noCondition()));

    private Select<?> newestThreadsQuery(WalkShape shape, Condition match) {
        return db.select(C_ID, C_CONTACT_ID, C_COUNTERPART, C_LAST_MESSAGE_ID, C_LAST_MESSAGE_AT)
                .from(CONVERSATION)
                .where(C_TENANT_ID.eq(param("tenant_id", Long.class)).and(C_CHANNEL.eq(param("channel", String.class))))
                .and(C_LAST_MESSAGE_AT.isNotNull()).and(C_LAST_MESSAGE_ID.isNotNull())
                .and(shape.after() ? row(C_LAST_MESSAGE_AT, C_ID).lt(param("after_at", C_LAST_MESSAGE_AT.getDataType()),
                        param("after_id", Long.class)) : noCondition())
                .and(match)
                .orderBy(C_LAST_MESSAGE_AT.desc().nullsLast(), C_ID.desc())
                .limit(RowCount.of(shape.limit()));
    }

    private static ThreadHead toThreadHead(Row r) {
        return new ThreadHead(r.get(C_ID), r.get(C_CONTACT_ID), r.get(C_COUNTERPART), r.get(C_LAST_MESSAGE_ID),
                r.get(C_LAST_MESSAGE_AT));
    }

    /** A conversation as the walk by newest message sees it. */
    record ThreadHead(long id, Long contactId, String counterpart, long lastMessageId, Instant lastMessageAt) {}

    /** A counterpart with something unread: a contact, or an address without one. */
    record UnreadCounterpart(Long contactId, String counterpart) {}

    /**
     * Which of these contacts, and of these addresses without a contact, have something unread on the
     * channel in a conversation that {@code match} (when given) keeps: read through the contact and counterpart
     * indexes, from SQL rendered once when there is no {@code match}.
     */
    List<UnreadCounterpart> unreadCounterparts(long tenant, Channel channel, Condition match,
                                               java.util.Collection<Long> contactIds,
                                               java.util.Collection<String> unknownAddresses) {
        Map<String, Object> values = Map.of("tenant_id", tenant, "channel", channel.wireName(),
                "contact_ids", RenderedQuery.anyOf(contactIds, Long[]::new),
                "addresses", RenderedQuery.anyOf(unknownAddresses, String[]::new));
        if (match == null) {
            return unreadCounterparts.fetch(db, values, ConversationStore::toUnreadCounterpart);
        }
        Select<?> query = unreadCounterpartsQuery(match);
        values.forEach(query::bind);
        return query.fetch(Row.mapping(ConversationStore::toUnreadCounterpart));
    }

    private Select<?> unreadCounterpartsQuery(Condition match) {
        return db.selectDistinct(C_CONTACT_ID, C_COUNTERPART)
                .from(CONVERSATION)
                .where(C_TENANT_ID.eq(param("tenant_id", Long.class)).and(C_CHANNEL.eq(param("channel", String.class))))
                .and(C_UNREAD_COUNT.gt(inline(0))).and(C_LAST_MESSAGE_ID.isNotNull())
                .and(C_CONTACT_ID.eq(DSL.any(param("contact_ids", Long[].class)))
                        .or(C_CONTACT_ID.isNull().and(C_COUNTERPART.eq(DSL.any(param("addresses", String[].class))))))
                .and(match);
    }

    private static UnreadCounterpart toUnreadCounterpart(Row r) {
        return new UnreadCounterpart(r.get(C_CONTACT_ID), r.get(C_COUNTERPART));
    }

    /**
     * Conversations of a channel matching a filter built over {@link ConversationColumns}, in the given order,
     * each with its contact's summary and its location's primary address on the channel: one statement, the
     * addresses read once per location rather than once per row, rendered once per shape.
     */
    List<FoundConversation> find(long tenant, Channel channel, BoundFilter filter, Ordering order, int skip, int top) {
        Addresses addresses = ADDRESSES.get(channel);
        RenderedQuery query = found.get(new FoundShape(channel, filter.shape(), order.shape(), skip, top), () -> {
            List<org.jooq.SortField<?>> sort = new java.util.ArrayList<>(order.fields());
            // The id ends the order in the direction of the last field, so that an index on (field, id) serves it.
            boolean descending = !sort.isEmpty() && sort.get(sort.size() - 1).getOrder() == org.jooq.SortOrder.DESC;
            sort.add(descending ? C_ID.desc() : C_ID.asc());
            return db.select(FIELDS).select(Contacts.SUMMARY).select(addresses.address())
                    .from(Contacts.withSummary(CONVERSATION, C_TENANT_ID, C_CONTACT_ID)
                            .leftJoin(addresses.table()).on(addresses.locationId().eq(C_LOCATION_ID)))
                    .where(C_TENANT_ID.eq(param("tenant_id", Long.class)).and(C_CHANNEL.eq(inline(channel.wireName()))))
                    .and(filter.condition())
                    .orderBy(sort)
                    .offset(RowCount.of(skip))
                    .limit(RowCount.of(top));
        });
        Map<String, Object> values = new HashMap<>(filter.values());
        values.put("tenant_id", tenant);
        values.put("addresses_tenant_id", tenant);
        return query.fetch(db, values, r -> new FoundConversation(toConversation(r), Contacts.summaryOf(r),
                r.get(addresses.address())));
    }

    /** What the SQL of found conversations depends on: the channel, the filter's and order's shapes, the page. */
    private record FoundShape(Channel channel, String filter, String order, int skip, int top) {}

    private final RenderedQuery.Shapes<FoundShape> found = new RenderedQuery.Shapes<>(256);

    /** A channel's primary address of each location, as a table to join and the address selected from it. */
    private record Addresses(Table<Record2<Long, String>> table, Field<Long> locationId, Field<String> address) {
        static Addresses of(Channel channel) {
            Table<Record2<Long, String>> table = Locations.primaryAddresses(param("addresses_tenant_id", Long.class),
                    channel.wireName());
            return new Addresses(table, table.field("location_id", Long.class),
                    table.field("address", String.class).as("location_address"));
        }
    }

    private static final Map<Channel, Addresses> ADDRESSES = java.util.Arrays.stream(Channel.values())
            .collect(java.util.stream.Collectors.toMap(c -> c, Addresses::of));

    /** The assignees of these conversations and the staff who wrote in them, in one query. */
    List<Participant> participants(long tenant, java.util.Collection<Long> conversationIds) {
        var writers = db.selectDistinct(M_CONVERSATION_ID, M_SENT_BY, DSL.inline(false))
                .from(MESSAGE)
                .where(M_TENANT_ID.eq(tenant).and(M_CONVERSATION_ID.in(conversationIds)).and(M_SENT_BY.isNotNull()));
        var assignees = db.select(C_ID, C_ASSIGNEE_ID, DSL.inline(true))
                .from(CONVERSATION)
                .where(C_TENANT_ID.eq(tenant).and(C_ID.in(conversationIds)).and(C_ASSIGNEE_ID.isNotNull()));
        return assignees.unionAll(writers)
                .fetch(r -> new Participant(r.value1(), r.value2(), r.value3()));
    }

    private static final Field<?>[] FIELDS = {C_ID, C_LOCATION_ID, C_CHANNEL, C_COUNTERPART, C_CONTACT_ID, C_STATUS,
            C_SNOOZED_UNTIL, C_ASSIGNEE_ID, C_TAGS, C_UNREAD_COUNT, C_MESSAGE_COUNT, C_LAST_MESSAGE_ID, C_LAST_MESSAGE_AT,
            C_LAST_ACTIVITY_AT, C_AWAITING_REPLY_SINCE, C_CREATED_AT, C_UPDATED_AT, C_OPTED_OUT};

    private SelectJoinStep<Record> select() {
        return db.select(FIELDS).from(CONVERSATION);
    }

    /** Conversations with their contact's summary and their last message (and its attachments and receipts). */
    private SelectOnConditionStep<Record> selectWithLastMessage() {
        return db.select(FIELDS).select(Contacts.SUMMARY).select(MessageStore.SELECTED_WITH_CONVERSATION)
                .from(Contacts.withSummary(CONVERSATION, C_TENANT_ID, C_CONTACT_ID))
                .leftJoin(MESSAGE).on(M_TENANT_ID.eq(C_TENANT_ID).and(M_ID.eq(C_LAST_MESSAGE_ID)));
    }

    private static ConversationView toView(Row r) {
        return new ConversationView(toConversation(r), Contacts.summaryOf(r),
                r.get(M_ID) == null ? null : MessageStore.toMessage(r));
    }

    private static Conversation toConversation(Row r) {
        return new Conversation(r.get(C_ID), r.get(C_LOCATION_ID), Channel.of(r.get(C_CHANNEL)), r.get(C_COUNTERPART),
                r.get(C_CONTACT_ID), ConversationStatus.of(r.get(C_STATUS)), r.get(C_SNOOZED_UNTIL), r.get(C_ASSIGNEE_ID),
                List.of(r.get(C_TAGS)), r.get(C_UNREAD_COUNT), r.get(C_MESSAGE_COUNT), r.get(C_LAST_MESSAGE_ID),
                r.get(C_LAST_MESSAGE_AT), r.get(C_LAST_ACTIVITY_AT), r.get(C_AWAITING_REPLY_SINCE), r.get(C_CREATED_AT),
                r.get(C_UPDATED_AT), r.get(C_OPTED_OUT));
    }
}
