package dev.parley.api;

import dev.parley.contacts.ContactSummary;
import dev.parley.contacts.Contacts;
import dev.parley.conversations.Channel;
import dev.parley.conversations.Conversation;
import dev.parley.conversations.ConversationFilter;
import dev.parley.conversations.ConversationStatus;
import dev.parley.conversations.ConversationView;
import dev.parley.conversations.Conversations;
import dev.parley.conversations.Message;
import dev.parley.conversations.Page;
import dev.parley.conversations.UnreadTotal;
import dev.parley.tenancy.Caller;
import dev.parley.tenancy.InvalidInput;
import dev.parley.tenancy.Scope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.annotation.JsonSerialize;

/** The inbox's lists: conversations, their messages, read state, and unread totals. */
@RestController
@Tag(name = "Conversations")
class ConversationController {

    private final Conversations conversations;
    private final Contacts contacts;

    ConversationController(Conversations conversations, Contacts contacts) {
        this.conversations = conversations;
        this.contacts = contacts;
    }

    record ContactRef(long id, String kind, String firstName, String lastName) {
        static ContactRef of(ContactSummary c) {
            return c == null ? null : new ContactRef(c.id(), c.kind().wireName(), c.firstName(), c.lastName());
        }
    }

    /** Written by {@link NativeJson.ConversationWriter}: a property added here must be added there. */
    @JsonSerialize(using = NativeJson.ConversationWriter.class)
    record ConversationItem(long id, long locationId, String channel, String counterpart, ContactRef contact,
                            String status, Instant snoozedUntil, Long assigneeId, List<String> tags, int unreadCount,
                            int messageCount, Instant awaitingReplySince, Instant lastActivityAt, MessageView lastMessage,
                            Instant createdAt, Instant updatedAt) {
        static ConversationItem of(Conversation c, ContactSummary contact, Message last) {
            return new ConversationItem(c.id(), c.locationId(), c.channel().wireName(), c.counterpart(),
                    ContactRef.of(contact), c.status().wireName(), c.snoozedUntil(), c.assigneeId(), c.tags(),
                    c.unreadCount(), c.messageCount(), c.awaitingReplySince(), c.lastActivityAt(),
                    last == null ? null : MessageView.of(last), c.createdAt(), c.updatedAt());
        }
    }

    record ItemPage<T>(List<T> items, String nextCursor) {}

    record ReadBody(Long staffUserId) {}

    /** {@code assignee_id}: a staff user's id, or 0 to unassign. */
    record ConversationChanges(String status, Instant snoozedUntil, Long assigneeId, List<String> tags) {}

    record LocationUnread(long locationId, long unreadMessages, long unreadConversations, long fromKnownContacts,
                          long fromUnknownNumbers) {}

    record UnreadTotals(long unreadMessages, long unreadConversations, List<LocationUnread> locations) {}

    @Operation(summary = "Conversations, newest activity first")
    @GetMapping("/api/v1/conversations")
    ItemPage<ConversationItem> list(Caller caller,
                                    @RequestParam(name = "location_id", required = false) Long locationId,
                                    @RequestParam(required = false) String status,
                                    @RequestParam(required = false) Boolean unread,
                                    @RequestParam(name = "awaiting_reply", required = false) Boolean awaitingReply,
                                    @RequestParam(required = false) String channel,
                                    @RequestParam(required = false) String q,
                                    @RequestParam(defaultValue = "25") int limit,
                                    @RequestParam(required = false) String cursor) {
        caller.require(Scope.READ);
        ConversationStatus statusFilter = status == null ? null : ConversationStatus.fromWire(status)
                .orElseThrow(() -> new InvalidInput("status", "'" + status + "' is not one of " + ConversationStatus.allWireNames()));
        Channel channelFilter = channel == null ? null : Channel.fromWire(channel)
                .orElseThrow(() -> new InvalidInput("channel", "'" + channel + "' is not one of sms, email"));
        Page<ConversationView> page = conversations.list(caller.tenant(),
                new ConversationFilter(locationId, statusFilter, unread, awaitingReply, channelFilter, q), cursor, limit);
        return new ItemPage<>(page.items().stream()
                .map(v -> ConversationItem.of(v.conversation(), v.contact(), v.lastMessage()))
                .toList(), page.nextCursor());
    }

    @GetMapping("/api/v1/conversations/{id}")
    ConversationItem get(Caller caller, @PathVariable long id) {
        caller.require(Scope.READ);
        return item(caller, conversations.get(caller.tenant(), id));
    }

    @Operation(summary = "Messages of a conversation, newest first")
    @GetMapping("/api/v1/conversations/{id}/messages")
    ItemPage<MessageView> messages(Caller caller, @PathVariable long id,
                                   @RequestParam(required = false) String before,
                                   @RequestParam(defaultValue = "50") int limit) {
        caller.require(Scope.READ);
        Page<Message> page = conversations.messages(caller.tenant(), id, before, limit);
        return new ItemPage<>(page.items().stream().map(MessageView::of).toList(), page.nextCursor());
    }

    @Operation(summary = "Mark every message of the conversation read; with staff_user_id, record that they saw it")
    @PostMapping("/api/v1/conversations/{id}/read")
    ConversationItem read(Caller caller, @PathVariable long id, @RequestBody(required = false) ReadBody body) {
        caller.require(Scope.WRITE);
        return item(caller, conversations.markRead(caller.tenant(), id, body == null ? null : body.staffUserId()));
    }

    @Operation(summary = "Mark the newest inbound message unread again")
    @PostMapping("/api/v1/conversations/{id}/unread")
    ConversationItem unread(Caller caller, @PathVariable long id) {
        caller.require(Scope.WRITE);
        return item(caller, conversations.markUnread(caller.tenant(), id));
    }

    @Operation(summary = "Change status, assignee (0 unassigns) or tags")
    @PatchMapping("/api/v1/conversations/{id}")
    ConversationItem update(Caller caller, @PathVariable long id, @RequestBody ConversationChanges body) {
        caller.require(Scope.WRITE);
        boolean unassign = body.assigneeId() != null && body.assigneeId() == 0;
        return item(caller, conversations.update(caller.tenant(), id, new Conversations.ConversationChanges(
                body.status(), body.snoozedUntil(), unassign ? null : body.assigneeId(), unassign, body.tags())));
    }

    @Operation(summary = "Unread inbound messages per location, from the kept counters")
    @GetMapping("/api/v1/unread")
    UnreadTotals unread(Caller caller) {
        caller.require(Scope.READ);
        Map<Long, long[]> byLocation = new TreeMap<>();
        for (UnreadTotal t : conversations.unreadTotals(caller.tenant())) {
            long[] sums = byLocation.computeIfAbsent(t.locationId(), k -> new long[4]);
            sums[0] += t.messages();
            sums[1] += t.conversations();
            sums[t.knownContact() ? 2 : 3] += t.messages();
        }
        List<LocationUnread> locations = new ArrayList<>(byLocation.size());
        long messages = 0;
        long conversationsUnread = 0;
        for (Map.Entry<Long, long[]> e : byLocation.entrySet()) {
            long[] sums = e.getValue();
            locations.add(new LocationUnread(e.getKey(), sums[0], sums[1], sums[2], sums[3]));
            messages += sums[0];
            conversationsUnread += sums[1];
        }
        return new UnreadTotals(messages, conversationsUnread, locations);
    }

    private ConversationItem item(Caller caller, Conversation c) {
        ContactSummary contact = c.contactId() == null ? null
                : contacts.summaries(caller.tenant(), List.of(c.contactId())).stream().findFirst().orElse(null);
        Message last = c.lastMessageId() == null ? null : conversations.message(caller.tenant(), c.lastMessageId());
        return ConversationItem.of(c, contact, last);
    }
}
