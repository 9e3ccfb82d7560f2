package dev.parley.delivery.sms;

import dev.parley.addresses.InvalidAddress;
import dev.parley.addresses.PhoneNumber;
import dev.parley.contacts.Consent;
import dev.parley.contacts.Consents;
import dev.parley.conversations.Attachment;
import dev.parley.conversations.Channel;
import dev.parley.conversations.Conversations;
import dev.parley.conversations.Direction;
import dev.parley.conversations.MessageStatus;
import dev.parley.conversations.NewMessage;
import dev.parley.conversations.RecordedMessage;
import dev.parley.delivery.MessageSender;
import dev.parley.tenancy.Location;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Receives one inbound SMS, from Twilio's webhook or the simulator: stores it (once, however often the
 * provider repeats it) and honours the opt-out keywords in the same short transaction.
 */
@Service
public class InboundSms {

    private final Conversations conversations;
    private final Consents consents;
    private final MessageSender sender;
    private final TransactionTemplate transactions;

    InboundSms(Conversations conversations, Consents consents, MessageSender sender, TransactionTemplate transactions) {
        this.conversations = conversations;
        this.consents = consents;
        this.sender = sender;
        this.transactions = transactions;
    }

    /**
     * An inbound SMS as the provider describes it. U+0000 in its text, which PostgreSQL's text cannot hold, becomes
     * U+FFFD (the replacement character): the message is kept, never refused for its text.
     */
    public record Received(String from, String body, String provider, String providerMessageId, List<Attachment> media) {

        public Received {
            body = body == null ? null : body.replace('\0', '\uFFFD');
        }
    }

    /**
     * Stores the message in a transaction of its own. When another request stores the same message (a provider's
     * repeat) at the same moment, this attempt fails on its provider id (docs/adr/0024); the second attempt finds
     * the message stored and answers it.
     */
    public RecordedMessage receive(Location location, Received sms) {
        try {
            return transactions.execute(tx -> store(location, sms));
        } catch (DuplicateKeyException storedMeanwhile) {
            return transactions.execute(tx -> store(location, sms));
        }
    }

    private RecordedMessage store(Location location, Received sms) {
        String from = normalise(sms.from(), location.country());
        var keyword = SmsKeywords.match(sms.body());
        if (keyword.isPresent()) {
            // Recording locks the sender's conversation and a keyword then changes its consent, which updates every
            // conversation of the number; holding the number first keeps the order every consent change takes.
            consents.holdAddress(location.tenantId(), "sms", from);
        }
        RecordedMessage recorded = conversations.record(location.tenantId(), new NewMessage(location.id(), Channel.SMS,
                Direction.INBOUND, from, location.smsNumber(), null, false, sms.body() == null ? "" : sms.body(), null,
                MessageStatus.RECEIVED, null, null, null, sms.provider(), sms.providerMessageId(), sms.media()));
        if (recorded.created()) {
            keyword.ifPresent(match -> honour(location, from, match));
        }
        return recorded;
    }

    private void honour(Location location, String from, SmsKeywords.Match keyword) {
        switch (keyword.kind()) {
            case OPT_OUT -> {
                consents.recordOptOut(location.tenantId(), "sms", from, "inbound_keyword", keyword.keyword());
                sender.cancelPendingTo(location.tenantId(), Channel.SMS, from, "canceled: " + from + " replied "
                        + keyword.keyword());
                sender.sendComplianceReply(location.tenantId(), location, from, "You have been unsubscribed from "
                        + location.name() + " and will get no more messages. Reply START to resubscribe.");
            }
            case OPT_IN -> {
                boolean optedOut = consents.optOut(location.tenantId(), "sms", from, Consent.CARE).isPresent();
                // "YES" is also how clients confirm appointments: it opts in only a number that had opted out.
                if (optedOut || !keyword.keyword().equals("YES")) {
                    consents.recordOptIn(location.tenantId(), "sms", from, "inbound_keyword", keyword.keyword());
                    sender.sendComplianceReply(location.tenantId(), location, from, "You are subscribed again to messages"
                            + " from " + location.name() + ". Reply STOP to unsubscribe.");
                }
            }
            case HELP -> sender.sendComplianceReply(location.tenantId(), location, from,
                    location.helpText() != null ? location.helpText()
                            : location.name() + ": reply STOP to unsubscribe, START to subscribe again.");
        }
    }

    private static String normalise(String from, String country) {
        try {
            return PhoneNumber.parse(from, country).e164();
        } catch (InvalidAddress shortCodeOrName) {
            return from == null ? "" : from.strip();
        }
    }
}
