package dev.parley.dialects.carehq;

import dev.parley.contacts.Contact;
import dev.parley.contacts.ContactSummary;
import dev.parley.contacts.Contacts;
import dev.parley.conversations.Conversations;
import dev.parley.conversations.Message;
import dev.parley.query.QueryResource.BoundFilter;
import dev.parley.storage.Snapshots;
import dev.parley.tenancy.NotFound;
import dev.parley.tenancy.TenantId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.MultiValueMap;

/** CareHQ's messages: a page of the tenant's messages as filtered, sorted and projected, or one message. */
@Service
class CareHqMessages {

    private final Conversations conversations;
    private final Contacts contacts;
    private final Snapshots snapshots;

    CareHqMessages(Conversations conversations, Contacts contacts, Snapshots snapshots) {
        this.conversations = conversations;
        this.contacts = contacts;
        this.snapshots = snapshots;
    }

    /**
     * {@code {item_count, items, page, page_count, per_page}}. The count and the page are read from one
     * snapshot, so the total always agrees with the items, and planned as their filter needs (ADR 0036). A page
     * reads only what its chosen attributes show: ids alone by default (ADR 0043), whom its messages are with only
     * for an attribute that shows it.
     */
    @Transactional(readOnly = true)
    Map<String, Object> list(TenantId tenant, MultiValueMap<String, String> parameters) {
        MessageQuery query = MessageQuery.parse(parameters);
        BoundFilter filter = query.boundFilter();
        snapshots.readFromOne(query.planning(filter));
        MessageObject.Projection projection = MessageObject.Projection.of(query.attributes());
        long total = 0;
        List<Map<String, Object>> items = List.of();
        if (!query.matchesNothing()) {
            total = query.days() != null ? conversations.countMessages(tenant, query.days())
                    : conversations.countMessages(tenant, filter);
            if (query.offset() < total) {
                items = items(tenant, query, filter, projection);
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("item_count", total);
        answer.put("items", items);
        answer.put("page", query.page());
        answer.put("page_count", (total + query.perPage() - 1) / query.perPage());
        answer.put("per_page", query.perPage());
        return answer;
    }

    private List<Map<String, Object>> items(TenantId tenant, MessageQuery query, BoundFilter filter,
                                            MessageObject.Projection projection) {
        if (projection.showsIdAlone()) {
            return conversations.findMessageIds(tenant, filter, query.order(), query.offset(), query.perPage())
                    .stream().map(MessageObject::withIdAlone).toList();
        }
        List<Message> page = conversations.findMessages(tenant, filter, query.order(), query.offset(), query.perPage());
        Map<Long, ContactSummary> people = contactsOf(tenant, projection.namesContacts() ? page : List.of());
        return page.stream().map(m -> projection.render(m, people.get(m.contactId()))).toList();
    }

    /** One message; an id that is malformed, unknown, or another tenant's is not found alike. */
    Map<String, Object> get(TenantId tenant, String messageId, MultiValueMap<String, String> parameters) {
        List<String> attributes = MessageQuery.attributesOfOne(parameters);
        OptionalLong id = Wire.parseId(messageId);
        if (id.isEmpty()) {
            throw new NotFound("message", messageId);
        }
        Message message;
        try {
            message = conversations.message(tenant, id.getAsLong());
        } catch (NotFound e) {
            throw new NotFound("message", messageId);
        }
        ContactSummary contact = message.contactId() == null ? null
                : contacts.find(tenant, message.contactId()).map(Contact::summary).orElse(null);
        return MessageObject.render(message, contact, attributes);
    }

    private Map<Long, ContactSummary> contactsOf(TenantId tenant, List<Message> page) {
        List<Long> ids = page.stream().map(Message::contactId).filter(Objects::nonNull).distinct().toList();
        return contacts.summaries(tenant, ids).stream()
                .collect(Collectors.toMap(ContactSummary::id, Function.identity()));
    }
}
