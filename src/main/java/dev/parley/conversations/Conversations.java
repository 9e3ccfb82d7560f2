package dev.parley.conversations;

import static dev.parley.conversations.Schema.*;
import static org.jooq.impl.DSL.lower;

import dev.parley.contacts.Consent;
import dev.parley.contacts.ConsentChanged;
import dev.parley.contacts.Consents;
import dev.parley.contacts.ContactAddressesChanged;
import dev.parley.contacts.Contacts;
import dev.parley.query.QueryResource.BoundFilter;
import dev.parley.query.QueryResource.Ordering;
import dev.parley.storage.Planning;
import dev.parley.storage.Snapshots;
import dev.parley.tenancy.Conflict;
import dev.parley.tenancy.InvalidInput;
import dev.parley.tenancy.NotFound;
import dev.parley.tenancy.StaffUsers;
import dev.parley.tenancy.TenantId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.Field;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The heart of Parley: records messages into conversations and keeps every counter a list shows (unread
 * and message counts, last message, awaiting-reply) true in the same transaction as the message.
 */
@Service
public class Conversations {

    public static final int MAX_PAGE = 100;

    /**
     * How far into a list an offset may reach. Offsets serve only wire formats that page by number; each
     * page costs the rows before it, so deep pages are refused and a narrower filter asked for instead.
     */
    public static final int MAX_OFFSET = 100_000;

    private final ConversationStore conversations;
    private final MessageStore messages;
    private final MessageRecorder recorder;
    private final Contacts contacts;
    private final Consents consents;
    private final StaffUsers staff;
    private final ApplicationEventPublisher events;
    private final Snapshots snapshots;

    Conversations(ConversationStore conversations, MessageStore messages, MessageRecorder recorder, Contacts contacts,
                  Consents consents, StaffUsers staff, ApplicationEventPublisher events, Snapshots snapshots) {
        this.conversations = conversations;
        this.messages = messages;
        this.recorder = recorder;
        this.contacts = contacts;
        this.consents = consents;
        this.staff = staff;
        this.events = events;
        this.snapshots = snapshots;
    }

    /**
     * Stores a message in its conversation, starting the conversation if needed, in one statement (docs/adr/0024).
     * A message whose provider id is already stored is not stored again: the first one is returned with
     * {@code created} false, and no counter moves. When another transaction stores the same provider id while this
     * one records it, this fails with a {@link org.springframework.dao.DuplicateKeyException} and the caller's
     * transaction is spoilt: it tries again in a new one, which finds the message stored.
     */
    @Transactional
    public RecordedMessage record(TenantId tenant, NewMessage message) {
        return store(tenant, message, null).orElseThrow();
    }

    /**
     * What the statement that records an outgoing message writes along with it: the outbox's job, so that a send
     * is one statement (docs/adr/0022). {@code statement} writes it over the table that holds the new message's id
     * (one row); its values are named params, given in {@code values}, and it may use the recording statement's
     * {@code tenant_id}. Alongs of one {@code shape} write the same SQL.
     */
    public record Along(String shape, Map<String, ?> values, Statement statement) {

        public Along {
            values = Map.copyOf(values);
        }

        /** The statement written along, over the table of the new message's id. */
        @FunctionalInterface
        public interface Statement {
            org.jooq.QueryPart write(org.jooq.Table<?> recorded, Field<Long> messageId);
        }
    }

    /**
     * Records a message that Parley sends (outbound, no provider id yet) as {@link #record} does, in one statement
     * (plus two when it starts the conversation, to copy its consent as {@link #record} does): only when the
     * counterpart has no opt-out of care messages on record and the sending address, {@code from} or when that is
     * null the location's on the channel, exists. Empty, with nothing written, otherwise; the caller finds out why.
     * {@code along} is written in the same statement.
     */
    @Transactional
    public Optional<RecordedMessage> recordOutgoing(TenantId tenant, NewMessage message, String from, Along along) {
        if (message.direction() != Direction.OUTBOUND || message.providerMessageId() != null) {
            throw new IllegalArgumentException("only a message Parley sends is recorded this way");
        }
        return store(tenant, message, new MessageRecorder.Outgoing(from, along));
    }

    private Optional<RecordedMessage> store(TenantId tenant, NewMessage message, MessageRecorder.Outgoing outgoing) {
        long t = tenant.value();
        Instant occurredAt = (message.occurredAt() == null ? Instant.now() : message.occurredAt())
                .truncatedTo(ChronoUnit.MICROS);
        Optional<MessageRecorder.Recorded> recorded = recorder.record(t, message, outgoing, occurredAt);
        if (recorded.isEmpty()) {
            return Optional.empty();
        }
        long conversationId = recorded.get().conversationId();
        long id = recorded.get().messageId();
        if (!recorded.get().stored()) {
            return Optional.of(new RecordedMessage(id, conversationId, recorded.get().status(), false));
        }
        if (recorded.get().created()) {
            // No one else sees the new row until this commits; holding the address makes a change of its consent
            // either finish before the copy is read, or wait and then find the row (docs/adr/0014).
            consents.holdAddress(tenant, message.channel().wireName(), message.counterpart());
            conversations.copyConsent(t, conversationId, message.channel(), message.counterpart());
        }
        messages.insertAttachments(t, id, message.attachments());
        events.publishEvent(new MessageRecorded(tenant, id, conversationId, message.direction()));
        return Optional.of(new RecordedMessage(id, conversationId, message.status(), true));
    }

    /** Links conversations with a contact's new addresses to that contact, in the transaction that changed it. */
    @EventListener
    void onContactAddressesChanged(ContactAddressesChanged changed) {
        long t = changed.tenant().value();
        conversations.linkUnknown(t, changed.contactId(), Channel.SMS, changed.phones());
        conversations.linkUnknown(t, changed.contactId(), Channel.EMAIL, changed.emails());
    }

    /**
     * Keeps each conversation's copy of its counterpart's care consent equal to the consent on record, in the
     * transaction that changed it (which holds the address, see {@link Consents#holdAddress}).
     */
    @EventListener
    void onConsentChanged(ConsentChanged changed) {
        Consent consent = changed.consent();
        if (consent.category().equals(Consent.CARE)) {
            conversations.setOptedOut(changed.tenant().value(), Channel.of(consent.channel()), consent.address(),
                    consent.optedOut());
        }
    }

    public Conversation get(TenantId tenant, long conversationId) {
        return conversations.find(tenant.value(), conversationId)
                .orElseThrow(() -> new NotFound("conversation", conversationId));
    }

    public Message message(TenantId tenant, long messageId) {
        return messages.findAll(tenant.value(), List.of(messageId)).stream().findFirst()
                .orElseThrow(() -> new NotFound("message", messageId));
    }

    public List<StatusChange> statusHistory(TenantId tenant, long messageId) {
        message(tenant, messageId);
        return messages.statusHistory(tenant.value(), messageId);
    }

    /** Conversations newest activity first, each with its last message. */
    public Page<ConversationView> list(TenantId tenant, ConversationFilter filter, String cursor, int limit) {
        checkLimit(limit);
        Cursor after = cursor == null ? null : Cursor.decode("cursor", cursor);
        List<ConversationView> rows = conversations.page(tenant.value(), filter, search(tenant, filter.q()), after, limit + 1);
        boolean more = rows.size() > limit;
        List<ConversationView> items = more ? rows.subList(0, limit) : rows;
        Conversation tail = items.isEmpty() ? null : items.get(items.size() - 1).conversation();
        return new Page<>(items, more ? new Cursor(tail.lastActivityAt(), tail.id()).encode() : null);
    }

    /**
     * A location's conversations newest activity first, by offset, with how many there are in all: for wire
     * formats that page by number (every other list pages by keyset, see {@link #list}). {@code updatedSince},
     * when given, keeps the conversations updated at or after it. The page and the total are read from one
     * snapshot; with {@code updatedSince} they are planned for its value each time, so that a poll for the last
     * minutes' changes reads those through their index, however often it comes (ADRs 0036 and 0037).
     */
    @Transactional(readOnly = true)
    public NumberedPage<Conversation> ofLocation(TenantId tenant, long locationId, Instant updatedSince, int offset,
                                                 int limit) {
        checkLimit(limit);
        if (offset < 0 || offset > MAX_OFFSET) {
            throw new InvalidInput("offset", "must be between 0 and " + MAX_OFFSET);
        }
        snapshots.readFromOne(updatedSince == null ? Planning.ONCE : Planning.FOR_EACH_EXECUTION);
        long t = tenant.value();
        return new NumberedPage<>(conversations.locationPage(t, locationId, updatedSince, offset, limit),
                conversations.countAtLocation(t, locationId, updatedSince));
    }

    /**
     * The {@code perConversation} newest messages of each of these conversations (newest first), at or after
     * {@code since} when given, drafts left out; conversations of other tenants or without such messages map
     * to nothing. Three queries in all (messages, attachments, seen receipts), however many conversations.
     */
    public Map<Long, List<Message>> newestMessages(TenantId tenant, Collection<Long> conversationIds, Instant since,
                                                   int perConversation) {
        if (perConversation < 1 || perConversation > MAX_PAGE) {
            throw new InvalidInput("limit", "must be between 1 and " + MAX_PAGE);
        }
        return messages.newestOf(tenant.value(), conversationIds, since, perConversation).stream()
                .collect(Collectors.groupingBy(Message::conversationId, LinkedHashMap::new, Collectors.toList()));
    }

    /** What a search for {@code q} adds to the list's filters (null when there is no search): the counterpart or the contact. */
    private Condition search(TenantId tenant, String q) {
        if (q == null || q.isBlank()) {
            return null;
        }
        String text = q.trim();
        String digits = text.replaceAll("[^0-9]", "");
        Condition counterpart = lower(C_COUNTERPART).contains(text.toLowerCase());
        if (digits.length() >= 3) {
            counterpart = counterpart.or(C_COUNTERPART.contains(digits));
        }
        return counterpart.or(C_CONTACT_ID.in(contacts.idsMatching(tenant, text)));
    }

    /** Messages of a conversation, newest first, before the cursor when one is given. */
    public Page<Message> messages(TenantId tenant, long conversationId, String before, int limit) {
        checkLimit(limit);
        Cursor cursor = before == null ? null : Cursor.decode("before", before);
        List<Message> rows = messages.page(tenant.value(), conversationId, cursor, limit + 1);
        if (rows.isEmpty()) {
            get(tenant, conversationId); // a page with messages shows the conversation is the tenant's; an empty one must check
        }
        boolean more = rows.size() > limit;
        List<Message> page = more ? rows.subList(0, limit) : rows;
        Message tail = page.isEmpty() ? null : page.get(page.size() - 1);
        return new Page<>(page, more ? new Cursor(tail.occurredAt(), tail.id()).encode() : null);
    }

    /** A location's conversations on a channel, newest activity first, each with its last message, from an offset. */
    public List<ConversationView> listAt(TenantId tenant, long locationId, Channel channel, int offset, int limit) {
        checkOffset(offset, limit);
        if (limit == 0) {
            return List.of();
        }
        return conversations.pageAt(tenant.value(), locationId, channel, offset, limit);
    }

    /** How many conversations a location has on a channel. */
    public int countAt(TenantId tenant, long locationId, Channel channel) {
        return conversations.countAt(tenant.value(), locationId, channel);
    }

    /** An offset page of the messages a query means, in its order. */
    public List<Message> findMessages(TenantId tenant, MessageQuery query, int offset, int limit) {
        checkOffset(offset, limit);
        return limit == 0 ? List.of() : messages.page(tenant.value(), query, offset, limit);
    }

    /**
     * How many messages a query means. A location's messages, or one conversation's, are read from the kept
     * counters; a search by counterpart or text counts the matching messages.
     */
    public long countMessages(TenantId tenant, MessageQuery query) {
        long t = tenant.value();
        if (!query.countedByCounters()) {
            return messages.count(t, query);
        }
        if (query.conversationId() == null) {
            return conversations.messageCountAt(t, query.locationId(), query.channel());
        }
        return conversations.find(t, query.conversationId())
                .filter(c -> c.locationId() == query.locationId() && c.channel() == query.channel())
                .map(Conversation::messageCount).orElse(0);
    }

    /** Changes the body of a draft; any other message is what was sent or received, and stays as it is. */
    @Transactional
    public void reviseDraft(TenantId tenant, long messageId, String body) {
        long t = tenant.value();
        MessageStatus status = messages.lockStatus(t, messageId).orElseThrow(() -> new NotFound("message", messageId));
        if (status != MessageStatus.DRAFT) {
            throw new Conflict("message", "Message " + messageId + " is " + status.wireName() + "; only a draft can be changed");
        }
        if (body == null || body.isBlank()) {
            throw new InvalidInput("body", "is required");
        }
        messages.setBody(t, messageId, body);
    }

    /**
     * Deletes a message and keeps its conversation's counters true; deleting a conversation's last message
     * deletes the conversation. A message being handed to its provider at this moment cannot be deleted
     * (409): once it is sent, it can.
     */
    @Transactional
    public MessageDeleted deleteMessage(TenantId tenant, long messageId) {
        long t = tenant.value();
        long conversationId = messages.conversationOf(t, messageId).orElseThrow(() -> new NotFound("message", messageId));
        // The conversation is locked before the message, as recording a message does, so the two never deadlock.
        Conversation conversation = conversations.lock(t, conversationId)
                .orElseThrow(() -> new NotFound("message", messageId));
        MessageStore.Deletable message = messages.lockForDeletion(t, messageId)
                .orElseThrow(() -> new NotFound("message", messageId));
        if (message.status() == MessageStatus.SENDING) {
            throw new Conflict("message", "Message " + messageId + " is being handed to its provider; delete it once it is sent");
        }
        messages.delete(t, messageId);
        boolean last = conversation.messageCount() <= 1;
        if (last) {
            conversations.delete(t, conversationId);
        } else {
            conversations.countOut(t, conversationId, message.unreadInbound());
        }
        MessageDeleted deleted = new MessageDeleted(tenant, messageId, conversationId, last);
        events.publishEvent(deleted);
        return deleted;
    }

    /** Deletes a conversation with all its messages; refused (409) while one of them is being handed to its provider. */
    @Transactional
    public void deleteConversation(TenantId tenant, long conversationId) {
        long t = tenant.value();
        conversations.lock(t, conversationId).orElseThrow(() -> new NotFound("conversation", conversationId));
        if (messages.anySending(t, conversationId)) {
            throw new Conflict("conversation", "A message of conversation " + conversationId
                    + " is being handed to its provider; delete the conversation once it is sent");
        }
        conversations.delete(t, conversationId);
        events.publishEvent(new ConversationDeleted(tenant, conversationId));
    }

    /** Marks every inbound message of the conversation read; with a staff user, records that they saw it. */
    @Transactional
    public Conversation markRead(TenantId tenant, long conversationId, Long staffUserId) {
        long t = tenant.value();
        conversations.lock(t, conversationId).orElseThrow(() -> new NotFound("conversation", conversationId));
        if (staffUserId != null && staff.find(tenant, staffUserId).isEmpty()) {
            throw new InvalidInput("staff_user_id", "no staff user with id " + staffUserId);
        }
        messages.markRead(t, conversationId, staffUserId, Instant.now());
        conversations.setUnreadCount(t, conversationId, 0);
        events.publishEvent(new ConversationRead(tenant, conversationId, 0));
        return get(tenant, conversationId);
    }

    /** Marks the newest inbound message unread again, so the conversation shows as unread. */
    @Transactional
    public Conversation markUnread(TenantId tenant, long conversationId) {
        long t = tenant.value();
        conversations.lock(t, conversationId).orElseThrow(() -> new NotFound("conversation", conversationId));
        if (!messages.markNewestInboundUnread(t, conversationId)) {
            throw new Conflict("conversation", "The conversation has no inbound message to mark unread");
        }
        int unread = messages.countUnread(t, conversationId);
        conversations.setUnreadCount(t, conversationId, unread);
        events.publishEvent(new ConversationRead(tenant, conversationId, unread));
        return get(tenant, conversationId);
    }

    /** Changes what the front desk sets on a conversation; a null field is left as it is. */
    public record ConversationChanges(String status, Instant snoozedUntil, Long assigneeId, boolean unassign,
                                      List<String> tags) {}

    @Transactional
    public Conversation update(TenantId tenant, long conversationId, ConversationChanges changes) {
        Conversation current = conversations.lock(tenant.value(), conversationId)
                .orElseThrow(() -> new NotFound("conversation", conversationId));
        List<InvalidInput.Problem> problems = new ArrayList<>();
        ConversationStatus status = current.status();
        if (changes.status() != null) {
            status = ConversationStatus.fromWire(changes.status()).orElse(null);
            if (status == null) {
                problems.add(new InvalidInput.Problem("status",
                        "'" + changes.status() + "' is not one of " + ConversationStatus.allWireNames()));
            }
        }
        Long assignee = changes.unassign() ? null : changes.assigneeId() != null ? changes.assigneeId() : current.assigneeId();
        if (changes.assigneeId() != null && staff.find(tenant, changes.assigneeId()).isEmpty()) {
            problems.add(new InvalidInput.Problem("assignee_id", "no staff user with id " + changes.assigneeId()));
        }
        List<String> tags = current.tags();
        if (changes.tags() != null) {
            LinkedHashSet<String> cleaned = new LinkedHashSet<>();
            for (int i = 0; i < changes.tags().size(); i++) {
                String tag = changes.tags().get(i);
                if (tag == null || tag.isBlank() || tag.length() > 50) {
                    problems.add(new InvalidInput.Problem("tags[" + i + "]", "must be 1 to 50 characters"));
                } else {
                    cleaned.add(tag.trim());
                }
            }
            tags = List.copyOf(cleaned);
        }
        Instant snoozedUntil = changes.snoozedUntil() != null ? changes.snoozedUntil() : current.snoozedUntil();
        if (status == ConversationStatus.SNOOZED && snoozedUntil == null) {
            problems.add(new InvalidInput.Problem("snoozed_until", "is required to snooze a conversation"));
        }
        if (status != ConversationStatus.SNOOZED && changes.snoozedUntil() != null) {
            problems.add(new InvalidInput.Problem("snoozed_until", "is kept only while a conversation is snoozed;"
                    + " send it with status snoozed"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        conversations.update(tenant.value(), conversationId, status,
                status == ConversationStatus.SNOOZED ? snoozedUntil : null, assignee, tags);
        return get(tenant, conversationId);
    }

    /**
     * Moves an outbound message's status forward and records the change in its history, in one statement. A
     * report that would move it back (a late "sent" after "delivered") or out of a final status changes nothing
     * and answers false.
     */
    @Transactional
    public boolean advance(TenantId tenant, long messageId, StatusUpdate update) {
        long t = tenant.value();
        boolean moved = moved(tenant, messageId, update, messages.advance(t, messageId, update,
                update.detail() != null ? update.detail() : update.errorReason()));
        if (!moved && !messages.exists(t, messageId)) {
            throw new NotFound("message", messageId);
        }
        return moved;
    }

    /** Whether the message moved ({@code conversationId} is there), telling whoever listens when it did. */
    private boolean moved(TenantId tenant, long messageId, StatusUpdate update, Optional<Long> conversationId) {
        conversationId.ifPresent(conversation -> events.publishEvent(
                new MessageStatusChanged(tenant, messageId, conversation, update.status())));
        return conversationId.isPresent();
    }

    /** Adds a line to a message's status history without changing its status (an attempt, a retry). */
    @Transactional
    public void note(TenantId tenant, long messageId, String providerStatus, String errorCode, String detail) {
        long t = tenant.value();
        MessageStatus current = messages.lockStatus(t, messageId).orElseThrow(() -> new NotFound("message", messageId));
        messages.recordStatus(t, messageId, current, providerStatus, errorCode, detail);
    }

    /** Records the provider's id for a message; false when the message already has one. */
    @Transactional
    public boolean assignProviderId(TenantId tenant, long messageId, String provider, String providerMessageId) {
        return messages.setProviderId(tenant.value(), messageId, provider, providerMessageId);
    }

    /** One message of a tenant, for the statements that change many messages at once. */
    public record MessageRef(TenantId tenant, long messageId) {}

    /** A line for a message's status history, for {@link #noteAll}. */
    public record Note(MessageRef message, String providerStatus, String errorCode, String detail) {}

    /** A status change of one message, for {@link #advanceAll}. */
    public record Advance(MessageRef message, StatusUpdate update) {}

    /** The provider's id for one message, for {@link #assignProviderIds}. */
    public record ProviderId(MessageRef message, String provider, String providerMessageId) {}

    /**
     * {@link #advance} for many messages, of any tenants, in two statements: each moves only forward, and its
     * history gains the update's line. Answers the messages that moved; a message twice in the list is an error.
     */
    @Transactional
    public Set<MessageRef> advanceAll(List<Advance> advances) {
        if (advances.isEmpty()) {
            return Set.of();
        }
        List<MessageStore.Changed> moved = messages.setStatuses(advances.stream()
                .map(a -> new MessageStore.Keyed<>(a.message().tenant().value(), a.message().messageId(), a.update())).toList());
        Set<MessageRef> refs = new LinkedHashSet<>();
        moved.forEach(m -> refs.add(new MessageRef(new TenantId(m.tenant()), m.messageId())));
        messages.recordStatuses(advances.stream().filter(a -> refs.contains(a.message()))
                .map(a -> new MessageStore.Keyed<>(a.message().tenant().value(), a.message().messageId(),
                        new MessageStore.StatusLine(a.update().status(), a.update().providerStatus(), a.update().errorCode(),
                                a.update().detail() != null ? a.update().detail() : a.update().errorReason())))
                .toList());
        Map<MessageRef, MessageStatus> statuses = advances.stream()
                .collect(Collectors.toMap(Advance::message, a -> a.update().status()));
        moved.forEach(m -> {
            MessageRef ref = new MessageRef(new TenantId(m.tenant()), m.messageId());
            events.publishEvent(new MessageStatusChanged(ref.tenant(), m.messageId(), m.conversationId(), statuses.get(ref)));
        });
        return refs;
    }

    /** {@link #note} for many messages, of any tenants, in one statement, in the order given. */
    @Transactional
    public void noteAll(List<Note> notes) {
        messages.recordStatuses(notes.stream().map(n -> new MessageStore.Keyed<>(n.message().tenant().value(),
                n.message().messageId(), new MessageStore.StatusLine(null, n.providerStatus(), n.errorCode(), n.detail())))
                .toList());
    }

    /**
     * {@link #assignProviderId} for many messages in one statement; answers those that had none and now have it, and
     * those that already had this one (a callback that overtook the worker's record of the provider's answer).
     */
    @Transactional
    public Set<MessageRef> assignProviderIds(List<ProviderId> ids) {
        Set<MessageRef> assigned = new LinkedHashSet<>();
        messages.setProviderIds(ids.stream().map(p -> new MessageStore.Keyed<>(p.message().tenant().value(),
                        p.message().messageId(), new String[] {p.provider(), p.providerMessageId()})).toList())
                .forEach(m -> assigned.add(new MessageRef(new TenantId(m.tenant()), m.messageId())));
        return assigned;
    }

    /** These outbound messages of a tenant, as a provider is to be given them, with attachments: one query. */
    public List<Message> outgoing(TenantId tenant, Collection<Long> messageIds) {
        return messages.findAll(tenant.value(), messageIds);
    }

    /** The message a provider knows by this id. */
    public Optional<ProviderMessage> messageByProviderId(TenantId tenant, String provider, String providerMessageId) {
        return messages.findByProviderId(tenant.value(), provider, providerMessageId);
    }

    /**
     * Messages of any tenant that {@code provider} took and has not reported on since {@code since}: each still in
     * {@code sending}, the oldest first, at most {@code limit}.
     */
    public List<AwaitingReport> awaitingReport(String provider, Instant since, int limit) {
        return messages.awaitingReport(provider, since, limit);
    }

    /** A message a provider has and has not reported on: whose it is, the provider's id for it, and its recipient. */
    public record AwaitingReport(TenantId tenant, long messageId, String providerMessageId, String toAddress) {}

    /** A message as a provider's report finds it: its id, and its status as last committed (not locked). */
    public record ProviderMessage(long id, MessageStatus status) {}

    /** Cancels the outbound messages to an address that have not gone to a provider yet; returns their ids. */
    @Transactional
    public List<Long> cancelPendingTo(TenantId tenant, Channel channel, String address, String reason, String detail) {
        List<Long> canceled = new ArrayList<>();
        StatusUpdate cancel = new StatusUpdate(MessageStatus.CANCELED, null, null, reason, detail);
        for (long id : messages.pendingTo(tenant.value(), channel, address)) {
            // Only from a status that has not reached a provider: a worker's claim may have moved the message to
            // sending since it was found, and then it is going out; canceling it would record a sent message as not.
            if (moved(tenant, id, cancel, messages.advanceFrom(tenant.value(), id, cancel, detail,
                    List.of(MessageStatus.SCHEDULED, MessageStatus.QUEUED)))) {
                canceled.add(id);
            }
        }
        return canceled;
    }

    /**
     * A page of history newest first; when the last message of the page shares its second with older ones,
     * those come too, so that asking again with that second as {@code before} skips nothing. An empty page
     * means the beginning was reached.
     */
    public List<Message> history(TenantId tenant, History history) {
        if (history.top() < 1) {
            throw new InvalidInput("top", "must be 1 or more");
        }
        return messages.historyPage(tenant.value(), history);
    }

    /**
     * Counterparts on a channel by newest message (see {@link CounterpartSummary}); {@code filter}, when
     * given, keeps contacts whose first or last name contains it and numbers or addresses that contain its
     * digits.
     */
    public List<CounterpartSummary> latestByCounterpart(TenantId tenant, Channel channel, String filter, int skip,
                                                        int top) {
        Condition match = null;
        if (filter != null && !filter.isBlank()) {
            String digits = filter.replaceAll("[^0-9]", "");
            match = C_CONTACT_ID.in(contacts.idsWithNameContaining(tenant, filter));
            if (!digits.isEmpty()) {
                match = match.or(C_COUNTERPART.contains(digits));
            }
            if (digits.length() > 1 && digits.charAt(0) == '0') {
                // A number as shown in its country ("020 7946 0018") begins with a trunk prefix that its
                // international form ("+442079460018") does not hold.
                match = match.or(C_COUNTERPART.contains(digits.substring(1)));
            }
        }
        long t = tenant.value();
        int wanted = skip + top;
        // Walk the channel's conversations newest message first, a batch at a time, keeping the first (newest)
        // conversation of each counterpart, until the page's counterparts are all seen or the walk ends. The cost
        // follows the page and the threads per counterpart, not the tenant's history.
        Map<String, ConversationStore.ThreadHead> newest = new LinkedHashMap<>();
        Cursor after = null;
        int batch = Math.min(WALK_BATCH_MAX, Math.max(WALK_BATCH_MIN, 2 * wanted));
        while (newest.size() < wanted) {
            List<ConversationStore.ThreadHead> heads = conversations.newestThreads(t, channel, match, after, batch);
            for (ConversationStore.ThreadHead head : heads) {
                newest.putIfAbsent(counterpartKey(head.contactId(), head.counterpart()), head);
                if (newest.size() == wanted) {
                    break;
                }
            }
            if (heads.size() < batch) {
                break;
            }
            ConversationStore.ThreadHead tail = heads.get(heads.size() - 1);
            after = new Cursor(tail.lastMessageAt(), tail.id());
            batch = Math.min(WALK_BATCH_MAX, batch * 2);
        }
        List<ConversationStore.ThreadHead> page = newest.values().stream().skip(skip).toList();
        if (page.isEmpty()) {
            return List.of();
        }
        java.util.Set<String> unread = conversations.unreadCounterparts(t, channel, match,
                        page.stream().map(ConversationStore.ThreadHead::contactId).filter(Objects::nonNull).toList(),
                        page.stream().filter(h -> h.contactId() == null).map(ConversationStore.ThreadHead::counterpart).toList())
                .stream().map(r -> counterpartKey(r.contactId(), r.counterpart())).collect(Collectors.toSet());
        Map<Long, CounterpartSummary.LastMessage> last = messages.lastMessages(t,
                        page.stream().map(ConversationStore.ThreadHead::lastMessageId).toList())
                .stream().collect(Collectors.toMap(CounterpartSummary.LastMessage::id, Function.identity()));
        return page.stream().map(h -> new CounterpartSummary(h.contactId(), h.counterpart(), last.get(h.lastMessageId()),
                unread.contains(counterpartKey(h.contactId(), h.counterpart())))).toList();
    }

    private static final int WALK_BATCH_MIN = 32;
    private static final int WALK_BATCH_MAX = 1000;

    /** A contact's conversations are one counterpart, and so are an unknown address's. */
    private static String counterpartKey(Long contactId, String counterpart) {
        return contactId != null ? "contact:" + contactId : "address:" + counterpart;
    }

    /**
     * Conversations on a channel that match a filter over {@link ConversationColumns} (and expressions
     * other modules build over them), in the given order then by id. The filter comes from an allow-list
     * translation, {@code QueryResource}, with its values bound; no caller text is ever SQL. Each comes with its
     * contact and its location's address on the channel, read in the same statement, whose SQL is rendered once
     * per shape of filter and order, page size and offset.
     */
    public List<FoundConversation> find(TenantId tenant, Channel channel, BoundFilter filter, Ordering order,
                                        int skip, int top) {
        return conversations.find(tenant.value(), channel, filter, order, skip, top);
    }

    /**
     * Messages that match a filter over {@link MessageColumns} (and expressions other modules build over
     * them), in the given order then by id, from {@code offset}. The filter comes from an allow-list
     * translation, {@code QueryResource}, with its values bound; no caller text is ever SQL. The SQL is rendered
     * once per shape of filter and order, offset and page size.
     */
    public List<Message> findMessages(TenantId tenant, BoundFilter filter, Ordering order, int offset, int limit) {
        requireNotNegative(offset, limit);
        return limit == 0 ? List.of() : messages.find(tenant.value(), filter, order, offset, limit);
    }

    /**
     * The ids of {@link #findMessages}'s page, for a surface that shows ids alone: nothing else of the messages is
     * read, and when the filter and order read only the message's own columns, neither is the conversation.
     */
    public List<Long> findMessageIds(TenantId tenant, BoundFilter filter, Ordering order, int offset, int limit) {
        requireNotNegative(offset, limit);
        return limit == 0 ? List.of() : messages.findIds(tenant.value(), filter, order, offset, limit);
    }

    /** How many messages match a filter over {@link MessageColumns}, for surfaces that show a total. */
    public long countMessages(TenantId tenant, BoundFilter filter) {
        return messages.count(tenant.value(), filter);
    }

    /**
     * How many messages a tenant has on whole UTC days, of some channels and directions: a sum over the kept day
     * counters, whatever the number of messages (ADR 0028). Equal to {@link #countMessages(TenantId, BoundFilter)}
     * for the same filter.
     */
    public long countMessages(TenantId tenant, MessageDays days) {
        return messages.count(tenant.value(), days);
    }

    /** Every message of these conversations, newest first (attachments and receipts included), in three queries. */
    public List<Message> messagesOf(TenantId tenant, java.util.Collection<Long> conversationIds) {
        return messages.ofConversations(tenant.value(), conversationIds);
    }

    /** The staff taking part in these conversations (assignees and writers), in one query. */
    public List<Participant> participants(TenantId tenant, java.util.Collection<Long> conversationIds) {
        return conversationIds.isEmpty() ? List.of() : conversations.participants(tenant.value(), conversationIds);
    }

    /** Unread totals by location, channel and known or unknown counterpart, from the kept counters. */
    public List<UnreadTotal> unreadTotals(TenantId tenant) {
        return conversations.unreadTotals(tenant.value());
    }

    /** A page found by a filter: its bounds come checked from the surface, so a negative one is Parley's bug. */
    private static void requireNotNegative(int offset, int limit) {
        if (offset < 0 || limit < 0) {
            throw new IllegalArgumentException("offset and limit are 0 or more, not " + offset + " and " + limit);
        }
    }

    private static void checkOffset(int offset, int limit) {
        if (offset < 0 || offset > MAX_OFFSET) {
            throw new InvalidInput("offset", "must be between 0 and " + MAX_OFFSET);
        }
        if (limit < 0 || limit > MAX_PAGE) {
            throw new InvalidInput("limit", "must be between 0 and " + MAX_PAGE);
        }
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new InvalidInput("limit", "must be between 1 and " + MAX_PAGE);
        }
    }
}
