package dev.parley.delivery;

import dev.parley.addresses.EmailAddress;
import dev.parley.addresses.InvalidAddress;
import dev.parley.addresses.PhoneNumber;
import dev.parley.contacts.Consent;
import dev.parley.contacts.Consents;
import dev.parley.contacts.Contact;
import dev.parley.contacts.Contacts;
import dev.parley.conversations.Channel;
import dev.parley.conversations.Conversations;
import dev.parley.conversations.Direction;
import dev.parley.conversations.MessageStatus;
import dev.parley.conversations.NewMessage;
import dev.parley.conversations.RecordedMessage;
import dev.parley.tenancy.InvalidInput;
import dev.parley.tenancy.InvalidInput.Problem;
import dev.parley.tenancy.Location;
import dev.parley.tenancy.Locations;
import dev.parley.tenancy.StaffUsers;
import dev.parley.tenancy.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one way a message is sent, whichever surface asks: it checks the request, finds the recipient and
 * the location's sending address, and records the message as queued (or scheduled, when it is to go
 * later). Delivery to the provider happens after the transaction commits.
 */
@Service
public class MessageSender {

    public static final int MAX_SMS_BODY = 1600;
    public static final int MAX_EMAIL_BODY = 100_000;
    public static final int MAX_SUBJECT = 998;

    private final Locations locations;
    private final Contacts contacts;
    private final Conversations conversations;
    private final StaffUsers staff;
    private final Consents consents;
    private final Outbox outbox;

    MessageSender(Locations locations, Contacts contacts, Conversations conversations, StaffUsers staff,
                  Consents consents, Outbox outbox) {
        this.locations = locations;
        this.contacts = contacts;
        this.conversations = conversations;
        this.staff = staff;
        this.consents = consents;
        this.outbox = outbox;
    }

    /**
     * Sends a message: checked, recorded as queued (or scheduled) with its delivery job, or refused with a reason.
     * The common case, an SMS to an international number, is one statement: the sending address, the consent
     * check, the conversation and its counters, the message, its history and its job (docs/adr/0022). When that
     * statement writes nothing, the location or the consent is read again to say why.
     */
    @Transactional
    public RecordedMessage send(TenantId tenant, SendRequest request) {
        Recipient recipient = resolveForSend(tenant, request);
        boolean later = request.sendAt() != null && request.sendAt().isAfter(Instant.now());
        Instant due = later ? request.sendAt() : Instant.now();
        NewMessage message = recipient.message(request, later ? MessageStatus.SCHEDULED : MessageStatus.QUEUED);
        for (int attempt = 1; ; attempt++) {
            Optional<RecordedMessage> recorded = conversations.recordOutgoing(tenant, message, recipient.from(),
                    outbox.jobAlong(due, false));
            if (recorded.isPresent()) {
                outbox.signalIfDue(due);
                return recorded.get();
            }
            // Nothing was written: the location is gone or cannot send on the channel, or the address opted out.
            if (recipient.location() == null) {
                Location location = locations.find(tenant, request.locationId())
                        .orElseThrow(() -> new InvalidInput("location_id", "no location with id " + request.locationId()));
                senderOf(location, request);
            }
            refuseIfOptedOut(tenant, recipient.channel(), recipient.counterpart());
            if (attempt == 2) {
                throw new IllegalStateException("The send to " + recipient.counterpart() + " was not recorded twice, "
                        + "though its location can send and its address has not opted out");
            }
            // The opt-out that stopped it was withdrawn since: try once more.
        }
    }

    /**
     * Checks a send's request. An SMS to a number written with its country code needs nothing of its location
     * before the statement that records it (which reads the sending address itself), so the location is read
     * here only for the other requests, and for a request that has problems, so that they are all named.
     */
    private Recipient resolveForSend(TenantId tenant, SendRequest request) {
        boolean international = "sms".equals(request.channel()) && request.contactId() == null && request.to() != null
                && request.to().trim().startsWith("+");
        if (!international) {
            return resolve(tenant, request, true);
        }
        try {
            return resolve(tenant, request, false);
        } catch (InvalidInput problems) {
            return resolve(tenant, request, true);
        }
    }

    /**
     * Keeps a message as a draft in its conversation: checked as a send is, but not sent, so it has no
     * delivery job and consent is not asked (it will be when the message goes).
     */
    @Transactional
    public RecordedMessage saveDraft(TenantId tenant, SendRequest request) {
        Recipient recipient = resolve(tenant, request, true);
        return conversations.record(tenant, recipient.message(request, MessageStatus.DRAFT));
    }

    /** Changes a draft's body, checked as a new message's body is. */
    @Transactional
    public void reviseDraft(TenantId tenant, long messageId, String body) {
        if (body != null && body.length() > MAX_SMS_BODY) {
            throw new InvalidInput("body", "is longer than " + MAX_SMS_BODY + " characters");
        }
        conversations.reviseDraft(tenant, messageId, body);
    }

    /**
     * Who a checked request goes to, from where. The location and the sending address are null when they were
     * not read (an international number, see {@link #resolveForSend}).
     */
    private record Recipient(Location location, Channel channel, String counterpart, Contact contact, String from) {
        NewMessage message(SendRequest request, MessageStatus status) {
            return new NewMessage(request.locationId(), channel, Direction.OUTBOUND, counterpart, from,
                    contact == null ? null : contact.id(), request.automated(), request.body(), request.subject(), status,
                    null, request.sendAt(), request.sentBy(), null, null, List.of());
        }
    }

    private Recipient resolve(TenantId tenant, SendRequest request, boolean readLocation) {
        List<Problem> problems = new ArrayList<>();
        Channel channel = null;
        if (request.channel() == null) {
            problems.add(new Problem("channel", "is required: sms or email"));
        } else {
            channel = Channel.fromWire(request.channel()).orElse(null);
            if (channel == null) {
                problems.add(new Problem("channel", "'" + request.channel() + "' is not one of sms, email"));
            }
        }
        if (request.locationId() == null) {
            problems.add(new Problem("location_id", "is required"));
        }
        if (request.to() == null && request.contactId() == null) {
            problems.add(new Problem("to", "is required unless contact_id is given"));
        }
        if (request.body() == null || request.body().isBlank()) {
            problems.add(new Problem("body", "is required"));
        } else if (request.body().length() > (channel == Channel.EMAIL ? MAX_EMAIL_BODY : MAX_SMS_BODY)) {
            problems.add(new Problem("body", "is longer than "
                    + (channel == Channel.EMAIL ? MAX_EMAIL_BODY : MAX_SMS_BODY) + " characters"));
        }
        if (request.subject() != null && request.subject().length() > MAX_SUBJECT) {
            problems.add(new Problem("subject", "is longer than " + MAX_SUBJECT + " characters"));
        }
        if (request.sentBy() != null && staff.find(tenant, request.sentBy()).isEmpty()) {
            problems.add(new Problem("sent_by", "no staff user with id " + request.sentBy()));
        }
        Location location = request.locationId() == null || !readLocation ? null
                : locations.find(tenant, request.locationId()).orElse(null);
        if (request.locationId() != null && readLocation && location == null) {
            problems.add(new Problem("location_id", "no location with id " + request.locationId()));
        }
        Contact contact = request.contactId() == null ? null : contacts.find(tenant, request.contactId()).orElse(null);
        if (request.contactId() != null && contact == null) {
            problems.add(new Problem("contact_id", "no contact with id " + request.contactId()));
        }
        String counterpart = null;
        if (channel != null && (location != null || !readLocation) && request.to() != null) {
            // Unread, the location's country is not needed: the number carries its own.
            counterpart = address(channel, request.to(), location == null ? null : location.country(), problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        if (counterpart == null) {
            List<String> addresses = channel == Channel.SMS ? contact.phones() : contact.emails();
            if (addresses.isEmpty()) {
                throw new SendRefused("no_recipient_address", "Contact " + contact.id() + " has no "
                        + (channel == Channel.SMS ? "phone number" : "email address"),
                        Map.of("contact_id", contact.id(), "channel", channel.wireName()));
            }
            counterpart = addresses.get(0);
        }
        if (channel == Channel.EMAIL) {
            throw new SendRefused("channel_not_available", "Parley does not send email yet; only SMS",
                    Map.of("channel", channel.wireName()));
        }
        String from = location == null ? null : senderOf(location, request);
        return new Recipient(location, channel, counterpart, contact, from);
    }

    private static String senderOf(Location location, SendRequest request) {
        return location.addressFor(request.channel()).orElseThrow(() -> new SendRefused("no_sender_address",
                "Location " + request.locationId() + " has no " + (request.channel().equals("sms") ? "SMS number" : "email address"),
                Map.of("location_id", request.locationId(), "channel", request.channel())));
    }

    /**
     * Sends an automated reply required by the rules of the channel (the confirmation of STOP, START or
     * HELP). It goes even to an address that has just opted out, as those rules require.
     */
    @Transactional
    public RecordedMessage sendComplianceReply(TenantId tenant, Location location, String to, String body) {
        String from = location.smsNumber();
        RecordedMessage recorded = conversations.record(tenant, new NewMessage(location.id(), Channel.SMS,
                Direction.OUTBOUND, to, from, null, true, body, null, MessageStatus.QUEUED, null, null, null, null, null,
                List.of()));
        outbox.enqueue(tenant, recorded.id(), Instant.now(), true);
        return recorded;
    }

    /** Cancels what waits to be sent to an address that opted out, and says why in each message's history. */
    @Transactional
    public List<Long> cancelPendingTo(TenantId tenant, Channel channel, String address, String detail) {
        List<Long> canceled = conversations.cancelPendingTo(tenant, channel, address, "opted_out", detail);
        outbox.cancelAll(tenant, canceled);
        return canceled;
    }

    private void refuseIfOptedOut(TenantId tenant, Channel channel, String to) {
        var optOut = consents.optOut(tenant, channel.wireName(), to, Consent.CARE);
        if (optOut.isPresent()) {
            throw new SendRefused("opted_out", to + " opted out of " + channel.wireName() + " messages", Map.of(
                    "address", to, "channel", channel.wireName(), "opted_out_at", optOut.get().changedAt().toString(),
                    "source", optOut.get().source(), "detail", optOut.get().detail() == null ? "" : optOut.get().detail()));
        }
    }

    private static String address(Channel channel, String to, String region, List<Problem> problems) {
        try {
            return channel == Channel.SMS ? PhoneNumber.parse(to, region).e164() : new EmailAddress(to).normalized();
        } catch (InvalidAddress e) {
            problems.add(new Problem("to", e.getMessage()));
            return null;
        }
    }
}
