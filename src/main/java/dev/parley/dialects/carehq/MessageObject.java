package dev.parley.dialects.carehq;

import dev.parley.contacts.ContactKind;
import dev.parley.contacts.ContactSummary;
import dev.parley.conversations.Attachment;
import dev.parley.conversations.Direction;
import dev.parley.conversations.Message;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CareHQ's message object, attribute by attribute in the document's order. The contact the message is with
 * decides which of {@code care_enquiry}, {@code service_user}, {@code service_user_contact} and
 * {@code location_contact} carries its id; attachments of kind {@code literature_item} and {@code invoice}
 * give {@code literature_items} and {@code invoices}; the conversation is the {@code thread_id}.
 */
final class MessageObject {

    /** Every attribute, as the document lists them. */
    static final List<String> ATTRIBUTES = List.of("_id", "anonymized", "care_enquiry", "channel", "content",
            "correspondent", "created", "date_time", "delivery_status", "destination", "direction", "download_id",
            "external_service", "invoices", "literature_items", "literature_items_downloaded", "location",
            "location_contact", "modified", "origin", "read", "read_by", "reply_to", "resolved", "resolved_by", "sent_by",
            "service_user", "service_user_contact", "subject", "tags", "thread_id");

    private MessageObject() {}

    /** The message with the chosen attributes ({@code _id} always), in the document's order. */
    static Map<String, Object> render(Message m, ContactSummary contact, Collection<String> attributes) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("_id", Wire.id(m.id()));
        all.put("anonymized", Wire.dateTime(m.anonymizedAt()));
        all.put("care_enquiry", idIf(contact, ContactKind.CARE_SEEKER));
        all.put("channel", m.channel().wireName());
        all.put("content", m.body());
        all.put("correspondent", correspondent(m, contact));
        all.put("created", Wire.dateTime(m.createdAt()));
        all.put("date_time", Wire.dateTime(m.occurredAt()));
        all.put("delivery_status", DeliveryStatus.of(m));
        all.put("destination", m.toAddress());
        all.put("direction", m.direction().wireName());
        // Parley keeps no downloads of what it sends, so there is nothing to associate.
        all.put("download_id", null);
        all.put("external_service", m.provider());
        all.put("invoices", references(m, "invoice"));
        all.put("literature_items", references(m, "literature_item"));
        all.put("literature_items_downloaded", List.of());
        all.put("location", Wire.id(m.locationId()));
        all.put("location_contact", idIf(contact, ContactKind.LOCATION_CONTACT));
        all.put("modified", Wire.dateTime(m.updatedAt()));
        all.put("origin", m.fromAddress());
        all.put("read", Wire.dateTime(m.readAt()));
        all.put("read_by", Wire.id(m.readBy()));
        all.put("reply_to", Wire.id(m.replyToStaffId()));
        all.put("resolved", Wire.dateTime(m.resolvedAt()));
        all.put("resolved_by", Wire.id(m.resolvedBy()));
        all.put("sent_by", Wire.id(m.sentBy()));
        all.put("service_user", idIf(contact, ContactKind.SERVICE_USER));
        all.put("service_user_contact", idIf(contact, ContactKind.SERVICE_USER_CONTACT));
        all.put("subject", m.subject());
        all.put("tags", m.tags());
        all.put("thread_id", Wire.id(m.conversationId()));
        all.keySet().retainAll(attributes.contains("_id") ? attributes : withId(attributes));
        return all;
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

    private static Collection<String> withId(Collection<String> attributes) {
        List<String> all = new java.util.ArrayList<>(attributes);
        all.add("_id");
        return all;
    }
}
