package dev.parley.delivery;

import dev.parley.contacts.Consent;
import dev.parley.contacts.Consents;
import dev.parley.conversations.Conversations;
import dev.parley.conversations.Message;
import dev.parley.conversations.MessageStatus;
import dev.parley.conversations.StatusUpdate;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hands due messages to their providers, one job at a time:
 * <ol>
 *   <li>claim (one transaction): lock a due job (others skip it), check that the message still may go —
 *       not canceled, consent on record, its sender's pace — and record the attempt in its history;</li>
 *   <li>call the provider, outside any transaction;</li>
 *   <li>record the outcome (one transaction): the provider's id, or a retry with backoff, or the failure.</li>
 * </ol>
 * A worker that stops between 1 and 3 leaves the job in flight until its lease ends; the next claim then
 * says in the history that the earlier attempt was not confirmed, unless the provider's status report
 * has meanwhile named the message (then it is not sent again).
 */
@Service
public class DeliveryWorker {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

    private final Outbox outbox;
    private final Conversations conversations;
    private final Consents consents;
    private final Map<dev.parley.conversations.Channel, DeliveryChannel> channels;
    private final DeliveryProperties properties;
    private final TransactionTemplate transactions;
    private final String name = ManagementFactory.getRuntimeMXBean().getName();

    DeliveryWorker(Outbox outbox, Conversations conversations, Consents consents, List<DeliveryChannel> channels,
                   DeliveryProperties properties, TransactionTemplate transactions) {
        this.outbox = outbox;
        this.conversations = conversations;
        this.consents = consents;
        this.channels = channels.stream().collect(Collectors.toMap(DeliveryChannel::medium, Function.identity()));
        this.properties = properties;
        this.transactions = transactions;
    }

    /** Delivers every job that is due now; answers how many jobs it took in hand. */
    public int runDue() {
        transactions.executeWithoutResult(tx -> outbox.releaseExpiredLeases(Instant.now()));
        int handled = 0;
        for (Optional<Attempt> next = claim(); next.isPresent(); next = claim()) {
            handled++;
            Attempt attempt = next.get();
            attempt.message().ifPresent(message -> record(attempt, call(message)));
        }
        return handled;
    }

    /** A claimed job and, when it is to be sent now, what to send. */
    record Attempt(Outbox.Job job, Optional<OutboundMessage> message) {}

    /** Step 1: claims the next due job and decides whether it goes now. Empty when nothing is due. */
    Optional<Attempt> claim() {
        return transactions.execute(tx -> {
            // PostgreSQL keeps microseconds; a time it rounded up must not look later than "now".
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            Optional<Outbox.Job> claimed = outbox.claimNext(name + "/" + Thread.currentThread().getName(), now,
                    now.plus(properties.lease()));
            return claimed.map(job -> new Attempt(job, prepare(job, now)));
        });
    }

    private Optional<OutboundMessage> prepare(Outbox.Job job, Instant now) {
        Message message = conversations.message(job.tenant(), job.messageId());
        if (job.unconfirmedAttempt() && message.providerMessageId() != null) {
            conversations.note(job.tenant(), job.messageId(), null, null, "attempt " + (job.attempt() - 1)
                    + " reached " + message.provider() + " (it reported " + message.providerMessageId() + "); not sent again");
            outbox.finish(job.tenant(), job.messageId(), Outbox.DONE, null);
            return Optional.empty();
        }
        if (message.status().isFinal() || message.status() == MessageStatus.SENT) {
            outbox.finish(job.tenant(), job.messageId(), Outbox.DONE, "the message was already " + message.status().wireName());
            return Optional.empty();
        }
        if (!job.consentExempt()) {
            Optional<Consent> optOut = consents.optOut(job.tenant(), message.channel().wireName(), message.toAddress(),
                    Consent.CARE);
            if (optOut.isPresent()) {
                conversations.advance(job.tenant(), job.messageId(), new StatusUpdate(MessageStatus.CANCELED, null, null,
                        "opted_out", message.toAddress() + " opted out at " + optOut.get().changedAt() + " ("
                        + optOut.get().source() + ": " + optOut.get().detail() + ")"));
                outbox.finish(job.tenant(), job.messageId(), Outbox.DONE, "opted_out");
                return Optional.empty();
            }
        }
        if (message.fromAddress() != null && !properties.senderInterval().isZero()) {
            Optional<Instant> later = outbox.takeSlot(job.tenant(), message.fromAddress(), now, properties.senderInterval());
            if (later.isPresent()) {
                outbox.retryAt(job, later.get(), null, false);
                return Optional.empty();
            }
        }
        if (job.unconfirmedAttempt()) {
            conversations.note(job.tenant(), job.messageId(), null, null, "attempt " + (job.attempt() - 1)
                    + " was not confirmed: its worker stopped after starting it, so the provider may already have"
                    + " the message and this attempt may send it twice");
        }
        if (message.status() != MessageStatus.SENDING) {
            conversations.advance(job.tenant(), job.messageId(), StatusUpdate.to(MessageStatus.SENDING,
                    "attempt " + job.attempt()));
        } else {
            conversations.note(job.tenant(), job.messageId(), null, null, "attempt " + job.attempt());
        }
        return Optional.of(new OutboundMessage(job.tenant(), job.messageId(), message.channel(), message.fromAddress(),
                message.toAddress(), message.body(), message.subject(), message.attachments()));
    }

    /** Step 2: the provider call. */
    SendOutcome call(OutboundMessage message) {
        DeliveryChannel channel = channels.get(message.channel());
        if (channel == null) {
            return new SendOutcome.Permanent("no_channel", "Parley cannot send " + message.channel().wireName() + " yet", false);
        }
        try {
            return channel.send(message);
        } catch (RuntimeException e) {
            log.warn("Sending message {} failed unexpectedly", message.messageId(), e);
            return new SendOutcome.Transient("error", "Unexpected error: " + e.getMessage(), null);
        }
    }

    /** Step 3: records what the provider said. */
    void record(Attempt attempt, SendOutcome outcome) {
        Outbox.Job job = attempt.job();
        transactions.executeWithoutResult(tx -> {
            if (outcome instanceof SendOutcome.Accepted accepted) {
                if (!conversations.assignProviderId(job.tenant(), job.messageId(), accepted.provider(),
                        accepted.providerMessageId())) {
                    conversations.note(job.tenant(), job.messageId(), accepted.providerStatus(), null,
                            accepted.provider() + " accepted a second copy as " + accepted.providerMessageId());
                }
                conversations.note(job.tenant(), job.messageId(), accepted.providerStatus(), null,
                        accepted.provider() + " accepted attempt " + job.attempt() + " as " + accepted.providerMessageId());
                outbox.finish(job.tenant(), job.messageId(), Outbox.DONE, null);
            } else if (outcome instanceof SendOutcome.Transient failure && job.attempt() < properties.maxAttempts()) {
                Instant next = Instant.now().plus(backoff(job.attempt(), failure.retryAfter()));
                conversations.note(job.tenant(), job.messageId(), null, failure.errorCode(), "attempt "
                        + job.attempt() + " failed: " + failure.reason() + "; next attempt at " + next);
                outbox.retryAt(job, next, failure.reason(), true);
            } else if (outcome instanceof SendOutcome.Transient failure) {
                conversations.advance(job.tenant(), job.messageId(), new StatusUpdate(MessageStatus.FAILED, null,
                        failure.errorCode(), failure.reason(), "gave up after " + job.attempt() + " attempts: "
                        + failure.reason()));
                outbox.finish(job.tenant(), job.messageId(), Outbox.DEAD, failure.reason());
            } else if (outcome instanceof SendOutcome.Permanent failure) {
                conversations.advance(job.tenant(), job.messageId(), new StatusUpdate(MessageStatus.FAILED, null,
                        failure.errorCode(), failure.reason(), "attempt " + job.attempt() + " failed for good: "
                        + failure.reason()));
                if (failure.recipientOptedOut()) {
                    Message message = conversations.message(job.tenant(), job.messageId());
                    consents.recordOptOut(job.tenant(), message.channel().wireName(), message.toAddress(),
                            "provider", "error " + failure.errorCode());
                }
                outbox.finish(job.tenant(), job.messageId(), Outbox.DEAD, failure.reason());
            }
        });
    }

    /** Exponential backoff with jitter (half fixed, half random), never shorter than the provider asked for. */
    Duration backoff(int attempt, Duration retryAfter) {
        long base = properties.baseBackoff().toMillis();
        long exponential = Math.min(properties.maxBackoff().toMillis(), base * (1L << Math.min(attempt - 1, 20)));
        long jittered = exponential / 2 + ThreadLocalRandom.current().nextLong(exponential / 2 + 1);
        Duration wait = Duration.ofMillis(jittered);
        return retryAfter != null && retryAfter.compareTo(wait) > 0 ? retryAfter : wait;
    }
}
