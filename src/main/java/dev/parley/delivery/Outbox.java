package dev.parley.delivery;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.parley.tenancy.TenantId;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.springframework.stereotype.Repository;

/** The delivery jobs and the per-sender pace. Claims use FOR UPDATE SKIP LOCKED, so any number of workers may run. */
@Repository
class Outbox {

    private static final Table<Record> JOB = table(name("delivery_job"));
    private static final Field<Long> TENANT_ID = field(name("tenant_id"), Long.class);
    private static final Field<Long> MESSAGE_ID = field(name("message_id"), Long.class);
    private static final Field<String> STATE = field(name("state"), String.class);
    private static final Field<Instant> DUE_AT = field(name("due_at"), Instant.class);
    private static final Field<Integer> ATTEMPTS = field(name("attempts"), Integer.class);
    private static final Field<Instant> LEASE_UNTIL = field(name("lease_until"), Instant.class);
    private static final Field<String> CLAIMED_BY = field(name("claimed_by"), String.class);
    private static final Field<Boolean> UNCONFIRMED = field(name("unconfirmed"), Boolean.class);
    private static final Field<Boolean> CONSENT_EXEMPT = field(name("consent_exempt"), Boolean.class);
    private static final Field<String> LAST_ERROR = field(name("last_error"), String.class);
    private static final Field<Instant> UPDATED_AT = field(name("updated_at"), Instant.class);

    private static final Table<Record> PACE = table(name("sender_pace"));
    private static final Field<String> SENDER = field(name("sender"), String.class);
    private static final Field<Instant> NEXT_SLOT_AT = field(name("next_slot_at"), Instant.class);

    static final String PENDING = "pending";
    static final String IN_FLIGHT = "in_flight";
    static final String DONE = "done";
    static final String DEAD = "dead";

    /**
     * A claimed job. {@code unconfirmedAttempt} is true when the previous attempt's worker stopped after
     * recording the attempt and before recording its outcome: the provider may have the message already.
     */
    record Job(TenantId tenant, long messageId, int attempt, boolean consentExempt, boolean unconfirmedAttempt) {}

    private final DSLContext db;

    Outbox(DSLContext db) {
        this.db = db;
    }

    void enqueue(TenantId tenant, long messageId, Instant dueAt, boolean consentExempt) {
        db.insertInto(JOB)
                .set(TENANT_ID, tenant.value())
                .set(MESSAGE_ID, messageId)
                .set(STATE, PENDING)
                .set(DUE_AT, dueAt)
                .set(CONSENT_EXEMPT, consentExempt)
                .execute();
    }

    /** Jobs whose worker's lease ran out go back to pending, marked unconfirmed, so the next claim knows. */
    int releaseExpiredLeases(Instant now) {
        return db.update(JOB)
                .set(STATE, PENDING)
                .set(UNCONFIRMED, true)
                .set(DUE_AT, now)
                .set(LAST_ERROR, "the worker stopped before recording the outcome of its attempt")
                .set(UPDATED_AT, now)
                .where(STATE.eq(IN_FLIGHT).and(LEASE_UNTIL.lt(now)))
                .execute();
    }

    /**
     * Claims one due job for this worker, in the caller's transaction: the job is locked (others skip it)
     * and marked in flight with a lease and one more attempt.
     */
    Optional<Job> claimNext(String worker, Instant now, Instant leaseUntil) {
        Optional<Record> due = db.select(TENANT_ID, MESSAGE_ID, ATTEMPTS, CONSENT_EXEMPT, UNCONFIRMED)
                .from(JOB)
                .where(STATE.eq(PENDING).and(DUE_AT.le(now)))
                .orderBy(DUE_AT)
                .limit(1)
                .forUpdate()
                .skipLocked()
                .fetchOptional()
                .map(r -> (Record) r);
        due.ifPresent(r -> db.update(JOB)
                .set(STATE, IN_FLIGHT)
                .set(ATTEMPTS, ATTEMPTS.plus(1))
                .set(LEASE_UNTIL, leaseUntil)
                .set(CLAIMED_BY, worker)
                .set(UPDATED_AT, now)
                .where(TENANT_ID.eq(r.get(TENANT_ID)).and(MESSAGE_ID.eq(r.get(MESSAGE_ID))))
                .execute());
        return due.map(r -> new Job(new TenantId(r.get(TENANT_ID)), r.get(MESSAGE_ID), r.get(ATTEMPTS) + 1,
                r.get(CONSENT_EXEMPT), r.get(UNCONFIRMED)));
    }

    /**
     * Puts a claimed job back to wait until {@code dueAt}. After an attempt ({@code countAttempt}), its outcome
     * is known; without one (the sender's pace), the claim's count is undone and what was unconfirmed stays so.
     */
    void retryAt(Job job, Instant dueAt, String error, boolean countAttempt) {
        db.update(JOB)
                .set(STATE, PENDING)
                .set(UNCONFIRMED, countAttempt ? org.jooq.impl.DSL.inline(false) : UNCONFIRMED)
                .set(DUE_AT, dueAt)
                .set(ATTEMPTS, countAttempt ? ATTEMPTS : ATTEMPTS.minus(1))
                .set(LEASE_UNTIL, (Instant) null)
                .set(CLAIMED_BY, (String) null)
                .set(LAST_ERROR, error)
                .set(UPDATED_AT, Instant.now())
                .where(TENANT_ID.eq(job.tenant().value()).and(MESSAGE_ID.eq(job.messageId())))
                .execute();
    }

    void finish(TenantId tenant, long messageId, String state, String error) {
        db.update(JOB)
                .set(STATE, state)
                .set(UNCONFIRMED, false)
                .set(LEASE_UNTIL, (Instant) null)
                .set(LAST_ERROR, error)
                .set(UPDATED_AT, Instant.now())
                .where(TENANT_ID.eq(tenant.value()).and(MESSAGE_ID.eq(messageId)))
                .execute();
    }

    void finishAll(TenantId tenant, Collection<Long> messageIds, String error) {
        if (messageIds.isEmpty()) {
            return;
        }
        db.update(JOB)
                .set(STATE, DONE)
                .set(LAST_ERROR, error)
                .set(UPDATED_AT, Instant.now())
                .where(TENANT_ID.eq(tenant.value()).and(MESSAGE_ID.in(messageIds)).and(STATE.eq(PENDING)))
                .execute();
    }

    /**
     * Takes the sender's next slot if it has come (and books the one after it), or answers when it comes.
     * The pace row is locked for the rest of the caller's transaction, so two workers never take one slot.
     */
    Optional<Instant> takeSlot(TenantId tenant, String sender, Instant now, java.time.Duration interval) {
        Instant slot = db.insertInto(PACE)
                .set(TENANT_ID, tenant.value())
                .set(SENDER, sender)
                .set(NEXT_SLOT_AT, now)
                .onConflict(TENANT_ID, SENDER)
                .doUpdate()
                .set(NEXT_SLOT_AT, field(name("sender_pace", "next_slot_at"), Instant.class))
                .returning(NEXT_SLOT_AT)
                .fetchOne(NEXT_SLOT_AT);
        if (slot.isAfter(now)) {
            return Optional.of(slot);
        }
        db.update(PACE)
                .set(NEXT_SLOT_AT, now.plus(interval))
                .where(TENANT_ID.eq(tenant.value()).and(SENDER.eq(sender)))
                .execute();
        return Optional.empty();
    }

    Optional<String> state(TenantId tenant, long messageId) {
        return db.select(STATE).from(JOB).where(TENANT_ID.eq(tenant.value()).and(MESSAGE_ID.eq(messageId)))
                .fetchOptional(STATE);
    }
}
