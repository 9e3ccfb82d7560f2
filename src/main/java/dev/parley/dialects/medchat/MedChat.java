package dev.parley.dialects.medchat;

import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.when;

import dev.parley.addresses.InvalidAddress;
import dev.parley.addresses.PhoneNumber;
import dev.parley.automation.TextBotExecution;
import dev.parley.automation.TextBotExecutions;
import dev.parley.contacts.ContactDraft;
import dev.parley.contacts.ContactSummary;
import dev.parley.contacts.Contacts;
import dev.parley.conversations.Channel;
import dev.parley.conversations.Conversation;
import dev.parley.conversations.ConversationColumns;
import dev.parley.conversations.ConversationStatus;
import dev.parley.conversations.Conversations;
import dev.parley.conversations.Direction;
import dev.parley.conversations.FoundConversation;
import dev.parley.conversations.Message;
import dev.parley.conversations.Participant;
import dev.parley.conversations.RecordedMessage;
import dev.parley.delivery.MessageSender;
import dev.parley.delivery.SendRequest;
import dev.parley.dialects.medchat.MedChatRows.ChatMessage;
import dev.parley.dialects.medchat.MedChatRows.Membership;
import dev.parley.dialects.medchat.MedChatRows.SmsChat;
import dev.parley.dialects.medchat.MedChatRows.TextBotExecutionRow;
import dev.parley.query.ODataParser;
import dev.parley.query.QueryError;
import dev.parley.query.QueryResource;
import dev.parley.query.QueryResource.BoundFilter;
import dev.parley.query.QueryResource.Ordering;
import dev.parley.query.QueryResource.Property;
import dev.parley.query.QueryResource.Type;
import dev.parley.tenancy.InvalidInput;
import dev.parley.tenancy.Location;
import dev.parley.tenancy.Locations;
import dev.parley.tenancy.StaffUser;
import dev.parley.tenancy.StaffUsers;
import dev.parley.tenancy.TenantId;
import dev.parley.tenancy.Tenants;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * MedChat's SMS chats: an SMS conversation, its status read from the conversation and the number's consent
 * ({@code Unsubscribed} opted out; {@code Active} open; {@code Ended} resolved; {@code Subscribed} pending or
 * snoozed: subscribed, with no chat open). Every OData expression runs as SQL over the allow-list below.
 */
@Service
class MedChat {

    static final int MAX_TOP = 1000;
    static final int DEFAULT_TOP = 100;
    static final int MAX_SKIP = 100_000;

    /** The collections {@code $expand} may ask for. */
    enum Expansion { MESSAGES, MEMBERSHIPS, TEXTBOTEXECUTIONS }

    private static final Field<Long> TENANT = ConversationColumns.tenantId();
    private static final Field<String> USER_PHONE = national(ConversationColumns.counterpart());
    private static final Field<String> ORG_PHONE = national(Locations.addressOf(TENANT, ConversationColumns.locationId(), "sms"));
    private static final Field<String> NAME = Contacts.displayNameOf(TENANT, ConversationColumns.contactId());
    private static final Condition OPTED_OUT = ConversationColumns.optedOut().eq(inline(true));
    private static final Condition SUBSCRIBED = ConversationColumns.optedOut().eq(inline(false));
    private static final Condition OPEN = ConversationColumns.status().eq(inline(ConversationStatus.OPEN.wireName()));
    private static final Condition RESOLVED = ConversationColumns.status().eq(inline(ConversationStatus.RESOLVED.wireName()));
    private static final Field<String> STATUS = when(OPTED_OUT, inline("Unsubscribed"))
            .when(OPEN, inline("Active"))
            .when(RESOLVED, inline("Ended"))
            .otherwise(inline("Subscribed"));
    /** Each status as conditions on the conversation's own columns, which conversation_chat_status_idx serves. */
    private static final Map<String, Condition> STATUS_CASES = Map.of(
            "Unsubscribed", OPTED_OUT,
            "Active", SUBSCRIBED.and(OPEN),
            "Ended", SUBSCRIBED.and(RESOLVED),
            "Subscribed", SUBSCRIBED.and(ConversationColumns.status().in(inline(ConversationStatus.PENDING.wireName()),
                    inline(ConversationStatus.SNOOZED.wireName()))));
    static final QueryResource CHATS = new QueryResource(List.of(
            new Property("Id", Type.NUMBER, ConversationColumns.id()),
            new Property("CreatedDateTime", Type.DATETIME, ConversationColumns.createdAt()),
            new Property("UpdatedDateTime", Type.DATETIME, ConversationColumns.updatedAt()),
            new Property("LastMessageDateTime", Type.DATETIME, ConversationColumns.lastMessageAt()),
            new Property("Status", Type.STRING, STATUS, STATUS_CASES),
            new Property("UserPhoneNumber", Type.STRING, USER_PHONE),
            new Property("Name", Type.STRING, NAME),
            new Property("OrgPhoneNumber", Type.STRING, ORG_PHONE)));

    private final Conversations conversations;
    private final Contacts contacts;
    private final Locations locations;
    private final StaffUsers staff;
    private final TextBotExecutions executions;
    private final MessageSender sender;
    private final Tenants tenants;

    MedChat(Conversations conversations, Contacts contacts, Locations locations, StaffUsers staff,
            TextBotExecutions executions, MessageSender sender, Tenants tenants) {
        this.conversations = conversations;
        this.contacts = contacts;
        this.locations = locations;
        this.staff = staff;
        this.executions = executions;
        this.sender = sender;
        this.tenants = tenants;
    }

    /** The query parameters of a chats request, as given (null when absent). */
    record ChatsQuery(String filter, String orderBy, String top, String skip, String expand) {}

    List<SmsChat> chats(TenantId tenant, ChatsQuery query) {
        BoundFilter filter = query.filter() == null || query.filter().isBlank() ? BoundFilter.NONE
                : CHATS.bind(ODataParser.parseFilter(query.filter()));
        Ordering order = CHATS.orderBy(query.orderBy() == null || query.orderBy().isBlank() ? List.of()
                : ODataParser.parseOrderBy(query.orderBy()));
        int top = integer("$top", query.top(), DEFAULT_TOP, 0, MAX_TOP);
        int skip = integer("$skip", query.skip(), 0, 0, MAX_SKIP);
        Set<Expansion> expand = expansions(query.expand());
        List<FoundConversation> page = top == 0 ? List.of()
                : conversations.find(tenant, Channel.SMS, filter, order, skip, top);
        return render(tenant, page, expand);
    }

    private List<SmsChat> render(TenantId tenant, List<FoundConversation> found, Set<Expansion> expand) {
        if (found.isEmpty()) {
            return List.of();
        }
        List<Long> ids = found.stream().map(f -> f.conversation().id()).toList();
        Map<Long, List<Message>> messages = expand.contains(Expansion.MESSAGES)
                ? conversations.messagesOf(tenant, ids).stream().collect(Collectors.groupingBy(Message::conversationId))
                : null;
        Map<Long, List<Membership>> memberships = expand.contains(Expansion.MEMBERSHIPS) ? memberships(tenant, ids) : null;
        Map<Long, List<TextBotExecution>> runs = expand.contains(Expansion.TEXTBOTEXECUTIONS)
                ? executions.inConversations(tenant, ids) : null;
        return found.stream().map(f -> {
            Conversation c = f.conversation();
            return new SmsChat(c.id(), c.createdAt(), c.updatedAt(), c.lastMessageAt(),
                status(c), MedChatRows.phone(c.counterpart()),
                f.contact() == null ? null : name(f.contact()), MedChatRows.phone(f.locationAddress()),
                messages == null ? null : messages.getOrDefault(c.id(), List.of()).stream()
                        .sorted(java.util.Comparator.comparing(Message::occurredAt).thenComparing(Message::id))
                        .map(MedChat::message).toList(),
                memberships == null ? null : memberships.getOrDefault(c.id(), List.of()),
                runs == null ? null : runs.getOrDefault(c.id(), List.of()).stream()
                        .map(r -> new TextBotExecutionRow(r.id(), r.botName(), r.startedAt(), r.finishedAt(), r.outcome()))
                        .toList());
        }).toList();
    }

    private Map<Long, List<Membership>> memberships(TenantId tenant, List<Long> ids) {
        Map<Long, StaffUser> people = staff.list(tenant).stream().collect(Collectors.toMap(StaffUser::id, Function.identity()));
        Map<Long, List<Membership>> byChat = new java.util.HashMap<>();
        for (Participant p : conversations.participants(tenant, ids)) {
            List<Membership> members = byChat.computeIfAbsent(p.conversationId(), k -> new ArrayList<>());
            String role = p.assignee() ? "Assignee" : "Participant";
            if (members.stream().noneMatch(m -> m.userId() == p.staffUserId() && m.role().equals(role))) {
                StaffUser user = people.get(p.staffUserId());
                members.add(new Membership(p.staffUserId(), user == null ? null : user.name(), role));
            }
        }
        return byChat;
    }

    /** Sends an SMS as MedChat's smsMessages does; an unknown recipient with a name becomes a contact. */
    @Transactional
    RecordedMessage send(TenantId tenant, MedChatRows.SendMessage body) {
        if (body == null) {
            throw new InvalidInput("body", "is required: {text, recipientPhoneNumber, name, senderPhoneNumber}");
        }
        String country = tenants.get(tenant).country();
        String recipient = phone("recipientPhoneNumber", body.recipientPhoneNumber(), country);
        Location from = sender(tenant, body.senderPhoneNumber(), country);
        if (body.name() != null && !body.name().isBlank() && contacts.findByPhone(tenant, recipient).isEmpty()) {
            String name = body.name().strip();
            int space = name.lastIndexOf(' ');
            contacts.create(tenant, new ContactDraft("patient", space < 0 ? name : name.substring(0, space), null,
                    space < 0 ? null : name.substring(space + 1), null, List.of(recipient), null, null, null, null));
        }
        return sender.send(tenant, new SendRequest(from.id(), "sms", recipient, null, body.text(), null, false, null, null));
    }

    private Location sender(TenantId tenant, String senderPhoneNumber, String country) {
        List<Location> withNumbers = locations.list(tenant).stream().filter(l -> l.smsNumber() != null).toList();
        if (senderPhoneNumber == null || senderPhoneNumber.isBlank()) {
            if (withNumbers.size() == 1) {
                return withNumbers.get(0);
            }
            throw new InvalidInput("senderPhoneNumber", "is required: this organisation has "
                    + withNumbers.size() + " numbers to send from");
        }
        String number = phone("senderPhoneNumber", senderPhoneNumber, country);
        return withNumbers.stream().filter(l -> l.smsNumber().equals(number)).findFirst()
                .orElseThrow(() -> new InvalidInput("senderPhoneNumber", senderPhoneNumber + " is not a number of this organisation"));
    }

    private static String phone(String field, String text, String country) {
        try {
            return PhoneNumber.parse(text, country).e164();
        } catch (InvalidAddress e) {
            throw new InvalidInput(field, e.getMessage());
        }
    }

    static String status(Conversation c) {
        if (c.optedOut()) {
            return "Unsubscribed";
        }
        return switch (c.status()) {
            case OPEN -> "Active";
            case RESOLVED -> "Ended";
            case PENDING, SNOOZED -> "Subscribed";
        };
    }

    /** The same name the SQL expression gives: "First Last" trimmed, null when empty. */
    static String name(ContactSummary contact) {
        if (contact == null) {
            return null;
        }
        String name = ((contact.firstName() == null ? "" : contact.firstName()) + " "
                + (contact.lastName() == null ? "" : contact.lastName())).strip();
        return name.isEmpty() ? null : name;
    }

    private static ChatMessage message(Message m) {
        return new ChatMessage(m.id(), m.direction() == Direction.INBOUND ? "Inbound" : "Outbound", m.body(), m.occurredAt(),
                m.status().wireName(), MedChatRows.phone(m.fromAddress()), MedChatRows.phone(m.toAddress()), m.automated(),
                m.sentBy());
    }

    private static Field<String> national(Field<String> e164) {
        return when(e164.like(inline("+1%")).and(DSL.length(e164).eq(inline(12))), DSL.substring(e164, inline(3)))
                .otherwise(e164);
    }

    private static Set<Expansion> expansions(String text) {
        Set<Expansion> set = EnumSet.noneOf(Expansion.class);
        if (text == null || text.isBlank()) {
            return set;
        }
        int position = 0;
        for (String part : text.split(",", -1)) {
            String name = part.strip();
            try {
                set.add(Expansion.valueOf(name.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new QueryError("$expand", name, position, "is not expandable; expand Messages, Memberships or TextBotExecutions");
            }
            position += part.length() + 1;
        }
        return set;
    }

    private static int integer(String parameter, String text, int fallback, int min, int max) {
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value < min || value > max) {
                throw new QueryError(parameter, text, 0, "must be between " + min + " and " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new QueryError(parameter, text, 0, "must be a whole number");
        }
    }
}
