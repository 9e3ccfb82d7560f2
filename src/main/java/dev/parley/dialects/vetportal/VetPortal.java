package dev.parley.dialects.vetportal;

import dev.parley.addresses.PhoneNumber;
import dev.parley.contacts.ContactCard;
import dev.parley.contacts.Contacts;
import dev.parley.conversations.Channel;
import dev.parley.conversations.Conversations;
import dev.parley.conversations.CounterpartSummary;
import dev.parley.conversations.Direction;
import dev.parley.conversations.History;
import dev.parley.conversations.Message;
import dev.parley.conversations.MessageStatus;
import dev.parley.conversations.UnreadTotal;
import dev.parley.dialects.vetportal.VetPortalRows.ClientRow;
import dev.parley.dialects.vetportal.VetPortalRows.EmailCommunication;
import dev.parley.dialects.vetportal.VetPortalRows.Pet;
import dev.parley.dialects.vetportal.VetPortalRows.SmsCommunication;
import dev.parley.dialects.vetportal.VetPortalRows.SmsRow;
import dev.parley.dialects.vetportal.VetPortalRows.UnknownNumberRow;
import dev.parley.dialects.vetportal.VetPortalRows.UnreadCounts;
import dev.parley.tenancy.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/** The vet portal's four answers, as core queries rendered in the portal's shapes. */
@Service
class VetPortal {

    private final Conversations conversations;
    private final Contacts contacts;

    VetPortal(Conversations conversations, Contacts contacts) {
        this.conversations = conversations;
        this.contacts = contacts;
    }

    /** Clients and unknown numbers by their latest SMS, newest first. */
    List<Object> clients(TenantId tenant, String filter, int skip, int top) {
        List<CounterpartSummary> rows = conversations.latestByCounterpart(tenant, Channel.SMS, filter, skip, top);
        Map<Long, ContactCard> byId = contacts.cards(tenant, rows.stream().map(CounterpartSummary::contactId)
                        .filter(Objects::nonNull).toList())
                .stream().collect(Collectors.toMap(ContactCard::id, Function.identity()));
        return rows.stream().map(row -> {
            String phone = national(row.counterpart());
            CounterpartSummary.LastMessage last = lastSent(tenant, row);
            if (last == null) {
                return null;
            }
            ContactCard contact = row.contactId() == null ? null : byId.get(row.contactId());
            if (contact == null) {
                return (Object) new UnknownNumberRow(null, null, phone, null, null, last.body(), !row.unread(),
                        VetPortalRows.timestamp(last.occurredAt()));
            }
            return new ClientRow(contact.id(), contact.firstEmail(), phone,
                    contact.firstName(), contact.lastName(),
                    contact.pets().stream().map(p -> new Pet(p.name(), p.deceased())).toList(), last.body(),
                    !row.unread(), VetPortalRows.timestamp(last.occurredAt()));
        }).filter(Objects::nonNull).toList();
    }

    /**
     * The newest SMS of the row that is not a draft: the portal shows texts, and a draft (written on a
     * PurePhone, say) is not one yet. Null when the thread holds only drafts.
     */
    private CounterpartSummary.LastMessage lastSent(TenantId tenant, CounterpartSummary row) {
        if (row.lastMessage().status() != MessageStatus.DRAFT) {
            return row.lastMessage();
        }
        return conversations.history(tenant, History.withCounterpart(Channel.SMS, row.counterpart(), null, 1)).stream()
                .findFirst().map(CounterpartSummary.LastMessage::of).orElse(null);
    }

    /** SMS with one number, newest first, before a second (exclusive). */
    List<SmsRow> smsHistory(TenantId tenant, String e164, Instant before, int top) {
        return conversations.history(tenant, History.withCounterpart(Channel.SMS, e164, before, top)).stream()
                .map(m -> new SmsRow(m.id(), m.fromAddress(), m.toAddress(), m.direction().wireName(), m.automated(),
                        m.body(), VetPortalRows.status(m.status()), VetPortalRows.timestamp(m.occurredAt()), m.isRead()))
                .toList();
    }

    /** Everything with one client, SMS and email, automated included, newest first, before a second. */
    List<Object> communications(TenantId tenant, long contactId, Instant before, int top) {
        contacts.get(tenant, contactId);
        return conversations.history(tenant, History.withContact(contactId, before, top)).stream()
                .map(m -> m.channel() == Channel.SMS
                        ? (Object) new SmsCommunication(m.id(), "sms", m.fromAddress(), m.toAddress(),
                                m.direction().wireName(), m.automated(), m.body(), twilioStatus(m),
                                VetPortalRows.status(m.status()), VetPortalRows.timestamp(m.occurredAt()))
                        : new EmailCommunication(m.id(), "email", m.fromAddress(), m.toAddress(), m.direction().wireName(),
                                m.automated(), emailBody(m), VetPortalRows.status(m.status()),
                                VetPortalRows.timestamp(m.occurredAt())))
                .toList();
    }

    /** Unread inbound SMS messages from unknown numbers and from clients, summed from the kept counters. */
    UnreadCounts unread(TenantId tenant) {
        long unknown = 0;
        long existing = 0;
        for (UnreadTotal total : conversations.unreadTotals(tenant)) {
            if (total.channel() == Channel.SMS) {
                if (total.knownContact()) {
                    existing += total.messages();
                } else {
                    unknown += total.messages();
                }
            }
        }
        return new UnreadCounts(unknown, existing);
    }

    /** The provider's own word for the status; an inbound text is "received" whoever relayed it. */
    private static String twilioStatus(Message m) {
        if (m.direction() == Direction.INBOUND) {
            return "received";
        }
        return m.providerStatus();
    }

    private static String emailBody(Message m) {
        return m.subject() != null && m.body().isBlank() ? m.subject() : m.body();
    }

    private static String national(String counterpart) {
        try {
            return new PhoneNumber(counterpart).national();
        } catch (IllegalArgumentException notE164) {
            return counterpart;
        }
    }
}
