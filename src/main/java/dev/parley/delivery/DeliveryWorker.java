package dev.parley.delivery;

import dev.parley.contacts.Consent;
import dev.parley.contacts.Consents;
import dev.parley.conversations.Conversations;
import dev.parley.conversations.Conversations.Advance;
import dev.parley.conversations.Conversations.MessageRef;
import dev.parley.conversations.Conversations.Note;
import dev.parley.conversations.Conversations.ProviderId;
import dev.parley.conversations.Message;
import dev.parley.conversations.MessageStatus;
import dev.parley.conversations.StatusUpdate;
import dev.parley.tenancy.TenantId;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hands due messages to their providers, a batch at a time:
 * <ol>
 *   <li>claim (one transaction): lock up to {@code parley.delivery.batch-size} due jobs (others skip them),
 *       check that each message still may go — not canceled, consent on record, its sender's pace — and
 *       record each attempt in its history;</li>
 *   <li>call the providers, outside any transaction, all the batch's calls at once;</li>
 *   <li>record the outcomes (one transaction): the providers' ids, retries with backoff, failures.</li>
 * </ol>
 * Each step reads and writes the whole batch with a handful of set-based statements. A worker that stops
 * between 1 and 3 leaves its jobs in flight until their lease ends; the next claim then says in each history
 * that the earlier attempt was not confirmed, unless the provider's status report has meanwhile named the
 * message (then it is not sent again).
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
    /** Expired leases are looked for at most this often (nanoseconds): a lease is minutes, a round milliseconds. */
    private final long releaseEvery;
    private final AtomicLong lastRelease;
    /** Jobs claimed on this node since its workers last vacuumed the jobs' table ({@link Outbox#vacuum()}). */
    private final AtomicInteger claimedSinceVacuum = new AtomicInteger();

    DeliveryWorker(Outbox outbox, Conversations conversations, Consents consents, List<DeliveryChannel> channels,
                   DeliveryProperties properties, TransactionTemplate transactions) {
        this.outbox = outbox;
        this.conversations = conversations;
        this.consents = consents;
        this.channels = channels.stream().collect(Collectors.toMap(DeliveryChannel::medium, Function.identity()));
        this.properties = properties;
        this.transactions = transactions;
        this.releaseEvery = Math.min(Duration.ofSeconds(1).toNanos(), properties.lease().toNanos() / 2);
        this.lastRelease = new AtomicLong(System.nanoTime() - releaseEvery);
    }

    /** Delivers one batch of the jobs that are due now; answers how many jobs it took in hand. */
    public int runDue() {
        long now = System.nanoTime();
        long last = lastRelease.get();
        if (now - last >= releaseEvery && lastRelease.compareAndSet(last, now)) {
            transactions.executeWithoutResult(tx -> outbox.releaseExpiredLeases(Instant.now()));
        }
        List<Attempt> claimed = claim();
        List<Attempt> sending = claimed.stream().filter(a -> a.message().isPresent()).toList();
        if (!sending.isEmpty()) {
            record(sending, call(sending.stream().map(a -> a.message().orElseThrow()).toList()));
        }
        int every = properties.vacuumEvery();
        if (every > 0 && !claimed.isEmpty() && claimedSinceVacuum.addAndGet(claimed.size()) >= every
                && claimedSinceVacuum.getAndSet(0) >= every) {
            outbox.vacuum();
        }
        return claimed.size();
    }

    /** A claimed job and, when it is to be sent now, what to send. */
    record Attempt(Outbox.Job job, Optional<OutboundMessage> message) {}

    /** Step 1: claims a batch of due jobs and decides which go now. Empty when nothing is due. */
    List<Attempt> claim() {
        return transactions.execute(tx -> {
            // PostgreSQL keeps microseconds; a time it rounded up must not look later than "now".
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            List<Outbox.Job> jobs = outbox.claimDue(name + "/" + Thread.currentThread().getName(), now,
                    now.plus(properties.lease()), properties.batchSize());
            return jobs.isEmpty() ? List.<Attempt>of() : prepare(jobs, now);
        });
    }

    private List<Attempt> prepare(List<Outbox.Job> jobs, Instant now) {
        Map<MessageRef, Message> messages = load(jobs);
        Map<MessageRef, Consent> optedOut = optedOut(jobs, messages);
        List<Outbox.Settlement> settled = new ArrayList<>();
        List<Note> unconfirmed = new ArrayList<>();
        List<Advance> cancel = new ArrayList<>();
        Map<MessageRef, Outbox.Job> going = new LinkedHashMap<>();
        Map<String, List<Outbox.Job>> bySender = new LinkedHashMap<>();
        for (Outbox.Job job : jobs) {
            MessageRef ref = ref(job);
            Message message = messages.get(ref);
            if (message == null) {
                settled.add(Outbox.Settlement.finished(job));
            } else if (message.providerMessageId() != null) {
                // An earlier attempt reached the provider after all: its worker stopped before recording the
                // answer, or the call timed out, and the provider's callback has since told Parley its id.
                unconfirmed.add(new Note(ref, null, null, "attempt " + (job.attempt() - 1) + " reached "
                        + message.provider() + " (it reported " + message.providerMessageId() + "); not sent again"));
                settled.add(Outbox.Settlement.finished(job));
            } else if (message.status().isFinal() || message.status() == MessageStatus.SENT) {
                settled.add(Outbox.Settlement.finished(job));
            } else if (optedOut.containsKey(ref)) {
                Consent optOut = optedOut.get(ref);
                cancel.add(new Advance(ref, new StatusUpdate(MessageStatus.CANCELED, null, null, "opted_out",
                        message.toAddress() + " opted out at " + optOut.changedAt() + " (" + optOut.source() + ": "
                        + optOut.detail() + ")")));
                settled.add(Outbox.Settlement.finished(job));
            } else if (message.fromAddress() != null && !properties.senderInterval().isZero()) {
                bySender.computeIfAbsent(job.tenant().value() + " " + message.fromAddress(), k -> new ArrayList<>()).add(job);
            } else {
                going.put(ref, job);
            }
        }
        pace(bySender, messages, now, going, settled);
        for (Outbox.Job job : going.values()) {
            if (job.unconfirmedAttempt()) {
                unconfirmed.add(new Note(ref(job), null, null, "attempt " + (job.attempt() - 1)
                        + " was not confirmed: its worker stopped after starting it, so the provider may already have"
                        + " the message and this attempt may send it twice"));
            }
        }
        conversations.noteAll(unconfirmed);
        conversations.advanceAll(cancel);
        Set<MessageRef> started = startAttempts(going, messages);
        List<Attempt> attempts = new ArrayList<>();
        for (Outbox.Job job : jobs) {
            MessageRef ref = ref(job);
            if (started.contains(ref)) {
                Message m = messages.get(ref);
                attempts.add(new Attempt(job, Optional.of(new OutboundMessage(job.tenant(), job.messageId(), m.channel(),
                        m.fromAddress(), m.toAddress(), m.body(), m.subject(), m.attachments()))));
            } else {
                if (going.containsKey(ref)) {
                    settled.add(Outbox.Settlement.finished(job));
                }
                attempts.add(new Attempt(job, Optional.empty()));
            }
        }
        outbox.settle(settled);
        return attempts;
    }

    /** The messages of the jobs: one query per tenant in the batch. */
    private Map<MessageRef, Message> load(List<Outbox.Job> jobs) {
        Map<MessageRef, Message> messages = new HashMap<>();
        jobs.stream().collect(Collectors.groupingBy(Outbox.Job::tenant, LinkedHashMap::new,
                        Collectors.mapping(Outbox.Job::messageId, Collectors.toList())))
                .forEach((tenant, ids) -> conversations.outgoing(tenant, ids)
                        .forEach(m -> messages.put(new MessageRef(tenant, m.id()), m)));
        return messages;
    }

    /** The jobs' messages whose recipient opted out of care messages: one query per tenant and channel. */
    private Map<MessageRef, Consent> optedOut(List<Outbox.Job> jobs, Map<MessageRef, Message> messages) {
        Map<TenantId, Map<String, List<MessageRef>>> asked = new LinkedHashMap<>();
        for (Outbox.Job job : jobs) {
            Message message = messages.get(ref(job));
            if (!job.consentExempt() && message != null) {
                asked.computeIfAbsent(job.tenant(), t -> new LinkedHashMap<>())
                        .computeIfAbsent(message.channel().wireName(), c -> new ArrayList<>()).add(ref(job));
            }
        }
        Map<MessageRef, Consent> refused = new HashMap<>();
        asked.forEach((tenant, byChannel) -> byChannel.forEach((channel, refs) -> {
            Map<String, Consent> out = consents.current(tenant, channel,
                            refs.stream().map(r -> messages.get(r).toAddress()).distinct().toList()).stream()
                    .filter(c -> Consent.CARE.equals(c.category()) && Consent.OPTED_OUT.equals(c.status()))
                    .collect(Collectors.toMap(Consent::address, Function.identity(), (a, b) -> a));
            for (MessageRef ref : refs) {
                Consent optOut = out.get(messages.get(ref).toAddress());
                if (optOut != null) {
                    refused.put(ref, optOut);
                }
            }
        }));
        return refused;
    }

    /**
     * Keeps each sender to its pace: per sender in the batch, one slot is asked for (the row is locked until
     * the claim commits, so workers on every node share it); the first job takes it, and the others wait for
     * the slots after it, one interval apart.
     */
    private void pace(Map<String, List<Outbox.Job>> bySender, Map<MessageRef, Message> messages, Instant now,
                      Map<MessageRef, Outbox.Job> going, List<Outbox.Settlement> settled) {
        Duration interval = properties.senderInterval();
        for (List<Outbox.Job> queue : bySender.values()) {
            Outbox.Job first = queue.get(0);
            // The slot is taken as late as the claim allows, so that it is close to the attempt and the call.
            now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            Optional<Instant> later = outbox.takeSlot(first.tenant(), messages.get(ref(first)).fromAddress(), now, interval);
            Instant next = later.orElse(now.plus(interval));
            int waiting = 0;
            for (Outbox.Job job : queue) {
                if (later.isEmpty() && job == first) {
                    going.put(ref(job), job);
                } else {
                    settled.add(Outbox.Settlement.notYet(job, next.plus(interval.multipliedBy(waiting++))));
                }
            }
        }
    }

    /**
     * Records "attempt N" in the history of every message about to go, moving it to sending (two statements for
     * the batch, and one more for the messages already sending after an earlier attempt). Answers the messages
     * that may go: not those that left the queue since they were read (canceled by an opt-out meanwhile).
     */
    private Set<MessageRef> startAttempts(Map<MessageRef, Outbox.Job> going, Map<MessageRef, Message> messages) {
        List<Advance> toSending = new ArrayList<>();
        List<Note> again = new ArrayList<>();
        Set<MessageRef> started = new HashSet<>();
        going.forEach((ref, job) -> {
            if (messages.get(ref).status() == MessageStatus.SENDING) {
                again.add(new Note(ref, null, null, "attempt " + job.attempt()));
                started.add(ref);
            } else {
                toSending.add(new Advance(ref, StatusUpdate.to(MessageStatus.SENDING, "attempt " + job.attempt())));
            }
        });
        started.addAll(conversations.advanceAll(toSending));
        conversations.noteAll(again);
        return started;
    }

    /** Step 2: the provider calls, all of a channel's at once; an outcome for every message, in order. */
    List<SendOutcome> call(List<OutboundMessage> messages) {
        SendOutcome[] outcomes = new SendOutcome[messages.size()];
        Map<dev.parley.conversations.Channel, List<Integer>> byChannel = new LinkedHashMap<>();
        for (int i = 0; i < messages.size(); i++) {
            byChannel.computeIfAbsent(messages.get(i).channel(), c -> new ArrayList<>()).add(i);
        }
        byChannel.forEach((medium, indexes) -> {
            DeliveryChannel channel = channels.get(medium);
            if (channel == null) {
                indexes.forEach(i -> outcomes[i] = new SendOutcome.Permanent("no_channel",
                        "Parley cannot send " + medium.wireName() + " yet", false));
                return;
            }
            List<OutboundMessage> these = indexes.stream().map(messages::get).toList();
            List<SendOutcome> answered;
            try {
                answered = channel.sendAll(these);
            } catch (RuntimeException e) {
                log.warn("Sending {} messages failed unexpectedly", these.size(), e);
                answered = these.stream().<SendOutcome>map(m -> new SendOutcome.Transient("error",
                        "Unexpected error: " + e.getMessage(), null)).toList();
            }
            for (int k = 0; k < indexes.size(); k++) {
                outcomes[indexes.get(k)] = answered.get(k);
            }
        });
        return List.of(outcomes);
    }

    /**
     * Step 3: records what the providers said, for the whole batch in one transaction. Should that fail, each
     * outcome is recorded in a transaction of its own, so that one message that cannot be recorded leaves the
     * others recorded (and only its own job waits for its lease to end).
     */
    void record(List<Attempt> attempts, List<SendOutcome> outcomes) {
        try {
            transactions.executeWithoutResult(tx -> recordAll(attempts, outcomes));
        } catch (RuntimeException batchFailed) {
            log.warn("Recording the outcomes of {} attempts together failed; recording them one by one", attempts.size(),
                    batchFailed);
            for (int i = 0; i < attempts.size(); i++) {
                List<Attempt> one = List.of(attempts.get(i));
                List<SendOutcome> its = List.of(outcomes.get(i));
                try {
                    transactions.executeWithoutResult(tx -> recordAll(one, its));
                } catch (RuntimeException failed) {
                    log.error("Could not record the outcome of message {}; its job is retried when its lease ends",
                            attempts.get(i).job().messageId(), failed);
                }
            }
        }
    }

    private void recordAll(List<Attempt> attempts, List<SendOutcome> outcomes) {
        List<ProviderId> accepted = new ArrayList<>();
        for (int i = 0; i < attempts.size(); i++) {
            if (outcomes.get(i) instanceof SendOutcome.Accepted a) {
                Outbox.Job job = attempts.get(i).job();
                accepted.add(new ProviderId(ref(job), a.provider(), a.providerMessageId()));
            }
        }
        Set<MessageRef> assigned = conversations.assignProviderIds(accepted);
        List<Note> notes = new ArrayList<>();
        List<Advance> failures = new ArrayList<>();
        List<Outbox.Settlement> settled = new ArrayList<>();
        List<Runnable> optOuts = new ArrayList<>();
        for (int i = 0; i < attempts.size(); i++) {
            Outbox.Job job = attempts.get(i).job();
            MessageRef ref = ref(job);
            SendOutcome outcome = outcomes.get(i);
            if (outcome instanceof SendOutcome.Accepted a) {
                if (!assigned.contains(ref)) {
                    notes.add(new Note(ref, a.providerStatus(), null,
                            a.provider() + " accepted a second copy as " + a.providerMessageId()));
                }
                notes.add(new Note(ref, a.providerStatus(), null,
                        a.provider() + " accepted attempt " + job.attempt() + " as " + a.providerMessageId()));
                settled.add(Outbox.Settlement.finished(job));
            } else if (outcome instanceof SendOutcome.Transient failure && job.attempt() < properties.maxAttempts()) {
                Instant next = Instant.now().plus(backoff(job.attempt(), failure.retryAfter()));
                notes.add(new Note(ref, null, failure.errorCode(), "attempt " + job.attempt() + " failed: "
                        + failure.reason() + "; next attempt at " + next));
                settled.add(Outbox.Settlement.retry(job, next, failure.reason()));
            } else if (outcome instanceof SendOutcome.Transient failure) {
                failures.add(new Advance(ref, new StatusUpdate(MessageStatus.FAILED, null, failure.errorCode(),
                        failure.reason(), "gave up after " + job.attempt() + " attempts: " + failure.reason())));
                settled.add(Outbox.Settlement.finished(job));
            } else if (outcome instanceof SendOutcome.Permanent failure) {
                failures.add(new Advance(ref, new StatusUpdate(MessageStatus.FAILED, null, failure.errorCode(),
                        failure.reason(), "attempt " + job.attempt() + " failed for good: " + failure.reason())));
                if (failure.recipientOptedOut()) {
                    OutboundMessage message = attempts.get(i).message().orElseThrow();
                    optOuts.add(() -> consents.recordOptOut(job.tenant(), message.channel().wireName(), message.to(),
                            "provider", "error " + failure.errorCode()));
                }
                settled.add(Outbox.Settlement.finished(job));
            }
        }
        conversations.noteAll(notes);
        conversations.advanceAll(failures);
        optOuts.forEach(Runnable::run);
        outbox.settle(settled);
    }

    /** Exponential backoff with jitter (half fixed, half random), never shorter than the provider asked for. */
    Duration backoff(int attempt, Duration retryAfter) {
        long base = properties.baseBackoff().toMillis();
        long exponential = Math.min(properties.maxBackoff().toMillis(), base * (1L << Math.min(attempt - 1, 20)));
        long jittered = exponential / 2 + ThreadLocalRandom.current().nextLong(exponential / 2 + 1);
        Duration wait = Duration.ofMillis(jittered);
        return retryAfter != null && retryAfter.compareTo(wait) > 0 ? retryAfter : wait;
    }

    private static MessageRef ref(Outbox.Job job) {
        return new MessageRef(job.tenant(), job.messageId());
    }
}
