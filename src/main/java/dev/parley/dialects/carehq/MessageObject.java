package dev.parley.dialects.carehq;

import dev.parley.contacts.ContactKind;
import dev.parley.contacts.ContactSummary;
import dev.parley.conversations.Attachment;
import dev.parley.conversations.Direction;
import dev.parley.conversations.Message;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CareHQ's message object, attribute by attribute in the document's order. The contact the message is with
 * decides which of {@code care_enquiry}, {@code service_user}, {@code service_user_contact} and
 * {@code location_contact} carries its id; attachments of kind {@code literature_item} and {@code invoice}
 * give {@code literature_items} and {@code invoices}; the conversation is the {@code thread_id}.
 */
final class MessageObject {

    /** How one attribute is worked out from a message and the contact it is with. */
    @FunctionalInterface
    private interface Value {
        Object of(Message m, ContactSummary contact);
    }

    /** Every attribute, as the document lists them, with how each is worked out. */
    private static final Map<String, Value> VALUES = new LinkedHashMap<>();

    static {
        VALUES.put("_id", (m, contact) -> Wire.id(m.id()));
        VALUES.put("anonymized", (m, contact) -> Wire.dateTime(m.anonymizedAt()));
        VALUES.put("care_enquiry", (m, contact) -> idIf(contact, ContactKind.CARE_SEEKER));
        VALUES.put("channel", (m, contact) -> m.channel().wireName());
        VALUES.put("content", (m, contact) -> m.body());
        VALUES.put("correspondent", MessageObject::correspondent);
        VALUES.put("created", (m, contact) -> Wire.dateTime(m.createdAt()));
        VALUES.put("date_time", (m, contact) -> Wire.dateTime(m.occurredAt()));
        VALUES.put("delivery_status", (m, contact) -> DeliveryStatus.of(m));
        VALUES.put("destination", (m, contact) -> m.toAddress());
        VALUES.put("direction", (m, contact) -> m.direction().wireName());
        // Parley keeps no downloads of what it sends, so there is nothing to associate.
        VALUES.put("download_id", (m, contact) -> null);
        VALUES.put("external_service", (m, contact) -> m.provider());
        VALUES.put("invoices", (m, contact) -> references(m, "invoice"));
        VALUES.put("literature_items", (m, contact) -> references(m, "literature_item"));
        VALUES.put("literature_items_downloaded", (m, contact) -> List.of());
        VALUES.put("location", (m, contact) -> Wire.id(m.locationId()));
        VALUES.put("location_contact", (m, contact) -> idIf(contact, ContactKind.LOCATION_CONTACT));
        VALUES.put("modified", (m, contact) -> Wire.dateTime(m.updatedAt()));
        VALUES.put("origin", (m, contact) -> m.fromAddress());
        VALUES.put("read", (m, contact) -> Wire.dateTime(m.readAt()));
        VALUES.put("read_by", (m, contact) -> Wire.id(m.readBy()));
        VALUES.put("reply_to", (m, contact) -> Wire.id(m.replyToStaffId()));
        VALUES.put("resolved", (m, contact) -> Wire.dateTime(m.resolvedAt()));
        VALUES.put("resolved_by", (m, contact) -> Wire.id(m.resolvedBy()));
        VALUES.put("sent_by", (m, contact) -> Wire.id(m.sentBy()));
        VALUES.put("service_user", (m, contact) -> idIf(contact, ContactKind.SERVICE_USER));
        VALUES.put("service_user_contact", (m, contact) -> idIf(contact, ContactKind.SERVICE_USER_CONTACT));
        VALUES.put("subject", (m, contact) -> m.subject());
        VALUES.put("tags", (m, contact) -> m.tags());
        VALUES.put("thread_id", (m, contact) -> Wire.id(m.conversationId()));
    }

    /** Every attribute, as the document lists them. */
    static final List<String> ATTRIBUTES = List.copyOf(VALUES.keySet());
    /** The attributes worked out from whom the message is with: their id by their kind, or their name. */
    private static final Set<String> OF_THE_CONTACT = Set.of("care_enquiry", "correspondent", "location_contact",
            "service_user", "service_user_contact");

    private MessageObject() {}

    /** The message with the chosen attributes ({@code _id} always), in the document's order. */
    static Map<String, Object> render(Message m, ContactSummary contact, Collection<String> attributes) {
        return Projection.of(attributes).render(m, contact);
    }

    /** The message of this id, when {@code _id} is the one attribute chosen ({@link Projection#showsIdAlone}). */
    static Map<String, Object> withIdAlone(long id) {
        return Map.of("_id", Wire.id(id));
    }

    /**
     * The attributes a request chose, {@code _id} always among them, in the document's order: a page works out
     * only those (a list asks for {@code _id} alone unless it names more).
     */
    static final class Projection {
        private final List<Map.Entry<String, Value>> chosen;

        private Projection(List<Map.Entry<String, Value>> chosen) {
            this.chosen = chosen;
        }

        static Projection of(Collection<String> attributes) {
            Set<String> names = new HashSet<>(attributes);
            names.add("_id");
            return new Projection(VALUES.entrySet().stream().filter(a -> names.contains(a.getKey())).toList());
        }

        /** Whether {@code _id} is the one attribute chosen, so that a page needs nothing of its messages but ids. */
        boolean showsIdAlone() {
            return chosen.size() == 1;
        }

        /** Whether an attribute chosen needs to know whom the message is with (else a page need not find out). */
        boolean namesContacts() {
            return chosen.stream().anyMatch(attribute -> OF_THE_CONTACT.contains(attribute.getKey()));
        }

        Map<String, Object> render(Message m, ContactSummary contact) {
            Map<String, Object> object = new LinkedHashMap<>(chosen.size() * 2);
            for (Map.Entry<String, Value> attribute : chosen) {
                object.put(attribute.getKey(), attribute.getValue().of(m, contact));
            }
            return object;
        }
    }

    /** "Name address" of whom the message is with, or the address alone when they are not a known contact. */
    static String correspondent(Message m, ContactSummary contact) {
        String address = m.direction() == Direction.INBOUND ? m.fromAddress() : m.toAddress();
        String name = contact == null ? "" : contact.displayName();
        return name.isEmpty() ? address : name + " " + address;
    }

    private static String idIf(ContactSummary contact, ContactKind kind) {
        return contact != null && contact.kind() == kind ? Wire.id(contact.id()) : null;
    }

    /** The references of the message's attachments of a kind; null when it has none, as the document shows. */
    private static List<String> references(Message m, String kind) {
        List<String> references = m.attachments().stream().filter(a -> kind.equals(a.kind()))
                .map(Attachment::reference).toList();
        return references.isEmpty() ? null : references;
    }
}
