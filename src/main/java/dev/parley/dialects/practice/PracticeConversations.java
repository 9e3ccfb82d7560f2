package dev.parley.dialects.practice;

import dev.parley.contacts.Consent;
import dev.parley.contacts.Consents;
import dev.parley.contacts.Contact;
import dev.parley.contacts.Contacts;
import dev.parley.conversations.Attachment;
import dev.parley.conversations.Channel;
import dev.parley.conversations.Conversation;
import dev.parley.conversations.Conversations;
import dev.parley.conversations.Direction;
import dev.parley.conversations.Message;
import dev.parley.conversations.NumberedPage;
import dev.parley.dialects.practice.PracticeRows.Bio;
import dev.parley.dialects.practice.PracticeRows.ConversationRow;
import dev.parley.dialects.practice.PracticeRows.MessageRow;
import dev.parley.dialects.practice.PracticeRows.PatientRow;
import dev.parley.dialects.practice.PracticeRows.SenderInfo;
import dev.parley.tenancy.AccessDenied;
import dev.parley.tenancy.Location;
import dev.parley.tenancy.Locations;
import dev.parley.tenancy.NotFound;
import dev.parley.tenancy.StaffUser;
import dev.parley.tenancy.StaffUsers;
import dev.parley.tenancy.TenantId;
import dev.parley.tenancy.Tenants;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * A location's conversations as the practice API shows them. However long the page, a request costs the same
 * few queries: the page and its total, the contacts and their opt-outs, the messages with their attachments
 * and seen receipts, and the staff who wrote them, each loaded once for the whole page.
 */
@Service
class PracticeConversations {

    private final Tenants tenants;
    private final Locations locations;
    private final Conversations conversations;
    private final Contacts contacts;
    private final Consents consents;
    private final StaffUsers staff;

    PracticeConversations(Tenants tenants, Locations locations, Conversations conversations, Contacts contacts,
                          Consents consents, StaffUsers staff) {
        this.tenants = tenants;
        this.locations = locations;
        this.conversations = conversations;
        this.contacts = contacts;
        this.consents = consents;
        this.staff = staff;
    }

    /**
     * One page of the location's conversations, newest activity first, with the total. A subdomain other than the
     * tenant's is refused (403); a location that is not the tenant's is not found (404), like one that does not
     * exist.
     */
    NumberedPage<ConversationRow> page(TenantId tenant, ConversationsQuery query) {
        if (!tenants.get(tenant).subdomain().equals(query.subdomain())) {
            throw new AccessDenied("subdomain '" + query.subdomain() + "' is not the institution this token belongs to");
        }
        Location location = locations.find(tenant, query.locationId())
                .orElseThrow(() -> new NotFound("location", query.locationId()));
        NumberedPage<Conversation> page = conversations.ofLocation(tenant, location.id(), query.updatedSince(),
                query.offset(), query.perPage());
        List<Conversation> items = page.items();

        Map<Long, Contact> contactsById = contacts.findAll(tenant, items.stream().map(Conversation::contactId)
                        .filter(Objects::nonNull).distinct().toList())
                .stream().collect(Collectors.toMap(Contact::id, Function.identity()));
        Set<String> optedOut = optedOutNumbers(tenant, items.stream()
                .flatMap(c -> smsNumbers(c, contactsById.get(c.contactId())).stream()).distinct().toList());
        Map<Long, List<Message>> messages = query.includeMessages()
                ? conversations.newestMessages(tenant, items.stream().map(Conversation::id).toList(),
                        query.messagesSince(), query.messages())
                : Map.of();
        Map<Long, StaffUser> writers = staff.findAll(tenant, messages.values().stream().flatMap(List::stream)
                        .map(Message::sentBy).filter(Objects::nonNull).distinct().toList())
                .stream().collect(Collectors.toMap(StaffUser::id, Function.identity()));

        ZoneId zone = ZoneId.of(location.timezone());
        List<ConversationRow> rows = items.stream().map(c -> {
            Contact contact = c.contactId() == null ? null : contactsById.get(c.contactId());
            boolean unsubscribed = smsNumbers(c, contact).stream().anyMatch(optedOut::contains);
            List<MessageRow> shown = query.includeMessages()
                    ? messages.getOrDefault(c.id(), List.of()).stream()
                            .map(m -> message(m, c, contact, location, writers, zone)).toList()
                    : null;
            return new ConversationRow(c.id(), PracticeDates.utc(c.createdAt()), PracticeDates.utc(c.updatedAt()),
                    contact == null ? null : patient(tenant, contact, unsubscribed), shown);
        }).toList();
        return new NumberedPage<>(rows, page.total());
    }

    /**
     * The numbers whose SMS consent decides {@code unsubscribe_sms}: the conversation's own number on SMS; on
     * email, the contact's phones.
     */
    private static List<String> smsNumbers(Conversation conversation, Contact contact) {
        if (conversation.channel() == Channel.SMS) {
            return List.of(conversation.counterpart());
        }
        return contact == null ? List.of() : contact.phones();
    }

    /** Numbers with an opt-out of care messages on record: they get no SMS from the practice at all. */
    private Set<String> optedOutNumbers(TenantId tenant, Collection<String> numbers) {
        if (numbers.isEmpty()) {
            return Set.of();
        }
        return consents.current(tenant, Channel.SMS.wireName(), numbers).stream()
                .filter(c -> Consent.CARE.equals(c.category()) && c.optedOut())
                .map(Consent::address)
                .collect(Collectors.toSet());
    }

    private static PatientRow patient(TenantId tenant, Contact c, boolean unsubscribed) {
        return new PatientRow(c.id(), c.emails().isEmpty() ? null : c.emails().get(0), c.firstName(), c.middleName(),
                c.lastName(), c.displayName(), PracticeDates.utc(c.createdAt()), PracticeDates.utc(c.updatedAt()),
                tenant.value(), c.externalId(), c.externalIdType(), new Bio(c.phones().isEmpty() ? null : c.phones().get(0)),
                c.inactive(), null, null, unsubscribed);
    }

    private static MessageRow message(Message m, Conversation conversation, Contact contact, Location location,
                                      Map<Long, StaffUser> writers, ZoneId zone) {
        Attachment first = m.attachments().isEmpty() ? null : m.attachments().get(0);
        // The message's time in the conversation is when it happened (occurred_at), the time the
        // timeline is ordered by and messages_since compares; updated_at is when its row last changed.
        return new MessageRow(m.id(), m.body(), PracticeDates.utc(m.occurredAt()), PracticeDates.utc(m.updatedAt()),
                m.conversationId(),
                m.seenBy().stream().map(s -> Long.toString(s.staffUserId())).toList(),
                m.direction() == Direction.OUTBOUND ? m.sentBy() : null,
                first == null ? null : first.fileName(),
                first == null ? null : first.contentType(),
                first == null ? null : first.sizeBytes(),
                first == null ? null : PracticeDates.utc(first.updatedAt()),
                // The SMS record is the message itself; an email has none.
                m.channel() == Channel.SMS ? m.id() : null,
                sender(m, conversation, contact, location, writers),
                first == null ? null : first.url(),
                m.repliesToAutomated(),
                PracticeDates.inZone(m.occurredAt(), zone),
                PracticeDates.offset(m.occurredAt(), zone));
    }

    /**
     * The patient for what came in; the staff user for what one of them sent; otherwise the practice itself
     * ({@code System}): automated messages, and sends by an integration that named no staff user.
     */
    private static SenderInfo sender(Message m, Conversation conversation, Contact contact, Location location,
                                     Map<Long, StaffUser> writers) {
        if (m.direction() == Direction.INBOUND) {
            return contact == null
                    ? new SenderInfo(conversation.counterpart(), null, SenderInfo.PATIENT, null)
                    : new SenderInfo(contact.displayName(), null, SenderInfo.PATIENT, contact.id());
        }
        StaffUser writer = m.sentBy() == null ? null : writers.get(m.sentBy());
        if (writer != null) {
            return new SenderInfo(writer.name(), writer.imageUrl(), SenderInfo.USER, writer.id());
        }
        return new SenderInfo(location.name(), null, SenderInfo.SYSTEM, null);
    }
}
