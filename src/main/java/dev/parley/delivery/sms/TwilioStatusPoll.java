package dev.parley.delivery.sms;

import dev.parley.conversations.Conversations;
import dev.parley.conversations.Conversations.AwaitingReport;
import dev.parley.conversations.Conversations.MessageRef;
import dev.parley.delivery.StatusReports;
import dev.parley.storage.Housekeeping;
import dev.parley.tenancy.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Asks Twilio about the messages it took and has said nothing of since ({@code parley.sms.status-poll-after}):
 * a status callback is lost when Parley is down as Twilio calls (Twilio does not retry it), when the public URL is
 * wrong, or on the way. Without this such a message would stay {@code sending} for good, and could not be
 * deleted. What Twilio answers is applied as its callback would have been; a message Twilio still has in flight
 * is asked again an interval later. A tenant that no longer sends through Twilio has no credentials to ask with:
 * its messages are left as they are, looked at again an interval later, and passed over meanwhile so that they
 * never hold up the other tenants' messages behind them.
 */
@Component
class TwilioStatusPoll extends Housekeeping {

    private static final Logger log = LoggerFactory.getLogger(TwilioStatusPoll.class);
    /** Messages asked about in one round at most. */
    private static final int ROUND = 100;

    private final Conversations conversations;
    private final SmsChannels channels;
    private final TwilioClient twilio;
    private final StatusReports reports;
    private final Duration after;
    /**
     * When each message still waiting was last looked at (asked about, or found with no credentials to ask with),
     * so that it is looked at once an interval.
     */
    private final Map<MessageRef, Instant> lookedAt = new ConcurrentHashMap<>();

    TwilioStatusPoll(Conversations conversations, SmsChannels channels, TwilioClient twilio, StatusReports reports,
                     @Value("${parley.sms.status-poll-after:15m}") Duration after,
                     @Value("${parley.sms.status-poll-every:1m}") Duration every) {
        super("twilio-status-poll", every);
        this.conversations = conversations;
        this.channels = channels;
        this.twilio = twilio;
        this.reports = reports;
        this.after = after;
    }

    @Override
    protected void run() {
        int changed = poll();
        if (changed > 0) {
            log.info("Asked Twilio about messages whose status callback never came; {} moved on", changed);
        }
    }

    /** One round; answers how many messages' statuses changed. */
    int poll() {
        return poll(ROUND);
    }

    /** One round that asks Twilio about {@code round} messages at most. */
    int poll(int round) {
        Instant now = Instant.now();
        Instant since = now.minus(after);
        Map<TenantId, SmsSettings> settings = new HashMap<>();
        Set<MessageRef> stillWaiting = new HashSet<>();
        int askedNow = 0;
        int changed = 0;
        // The oldest come first, among them those looked at recently: the list reaches past them, and reads on
        // while it holds only messages this round cannot ask about.
        int limit = round + lookedAt.size();
        List<AwaitingReport> waiting;
        do {
            waiting = conversations.awaitingReport(SmsSettings.TWILIO, since, limit);
            for (AwaitingReport message : waiting) {
                MessageRef ref = new MessageRef(message.tenant(), message.messageId());
                stillWaiting.add(ref);
                Instant last = lookedAt.get(ref);
                if ((last != null && last.isAfter(since)) || askedNow == round) {
                    continue;
                }
                lookedAt.put(ref, now);
                SmsSettings tenant = settings.computeIfAbsent(message.tenant(), channels::settings);
                if (!tenant.isTwilio()) {
                    continue;
                }
                askedNow++;
                Optional<TwilioClient.Report> report = twilio.fetch(tenant, message.providerMessageId());
                if (report.isPresent() && reports.apply(message.tenant(), SmsSettings.TWILIO,
                        message.providerMessageId(), message.messageId(), report.get().status(),
                        report.get().errorCode(), report.get().errorMessage())) {
                    changed++;
                }
            }
            limit += round;
        } while (askedNow < round && waiting.size() == limit - round);
        lookedAt.keySet().retainAll(stillWaiting);
        return changed;
    }
}
