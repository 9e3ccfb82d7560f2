package dev.parley.delivery;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.parley.conversations.Conversations;
import dev.parley.storage.Notifications;
import dev.parley.storage.RowCount;
import dev.parley.storage.SqlTypes;
import dev.parley.tenancy.TenantId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.springframework.stereotype.Repository;

/** The delivery jobs and the per-sender pace. Claims use FOR UPDATE SKIP LOCKED, so any number of workers may run. */
@Repository
class Outbox {

    private static final Table<Record> JOB = table(name("delivery_job"));
    private static final Field<Long> TENANT_ID = field(name("tenant_id"), Long.class);
    private static final Field<Long> MESSAGE_ID = field(name("message_id"), Long.class);
    private static final Field<String> STATE = field(name("state"), String.class);
    private static final Field<Instant> DUE_AT = field(name("due_at"), SqlTypes.INSTANT);
    private static final Field<Integer> ATTEMPTS = field(name("attempts"), Integer.class);
    private static final Field<Instant> LEASE_UNTIL = field(name("lease_until"), SqlTypes.INSTANT);
    private static final Field<String> CLAIMED_BY = field(name("claimed_by"), String.class);
    private static final Field<Boolean> UNCONFIRMED = field(name("unconfirmed"), Boolean.class);
    private static final Field<Boolean> CONSENT_EXEMPT = field(name("consent_exempt"), Boolean.class);
    private static final Field<String> LAST_ERROR = field(name("last_error"), String.class);
    private static final Field<Instant> UPDATED_AT = field(name("updated_at"), SqlTypes.INSTANT);

    private static final Field<Long> J_TENANT_ID = field(name("delivery_job", "tenant_id"), Long.class);
    private static final Field<Long> J_MESSAGE_ID = field(name("delivery_job", "message_id"), Long.class);
    private static final Field<Integer> J_ATTEMPTS = field(name("delivery_job", "attempts"), Integer.class);
    private static final Field<Instant> J_DUE_AT = field(name("delivery_job", "due_at"), SqlTypes.INSTANT);
    private static final Field<Boolean> J_UNCONFIRMED = field(name("delivery_job", "unconfirmed"), Boolean.class);
    private static final Field<Boolean> J_CONSENT_EXEMPT = field(name("delivery_job", "consent_exempt"), Boolean.class);

    private static final Table<Record> PACE = table(name("sender_pace"));
    private static final Field<String> SENDER = field(name("sender"), String.class);
    private static final Field<Instant> NEXT_SLOT_AT = field(name("next_slot_at"), SqlTypes.INSTANT);

    static final String PENDING = "pending";
    static final String IN_FLIGHT = "in_flight";

    /**
     * A claimed job. {@code unconfirmedAttempt} is true when the previous attempt's worker stopped after
     * recording the attempt and before recording its outcome: the provider may have the message already.
     */
    record Job(TenantId tenant, long messageId, int attempt, boolean consentExempt, boolean unconfirmedAttempt) {}

    /** The notification channel on which new due jobs are signalled. */
    static final String JOBS_CHANNEL = "parley_delivery_jobs";

    private final DSLContext db;
    private final Notifications notifications;

    Outbox(DSLContext db, Notifications notifications) {
        this.db = db;
        this.notifications = notifications;
    }

    /** Adds a job; one that is due now wakes the workers of every node once the transaction commits. */
    void enqueue(TenantId tenant, long messageId, Instant dueAt, boolean consentExempt) {
        db.insertInto(JOB)
                .set(TENANT_ID, tenant.value())
                .set(MESSAGE_ID, messageId)
                .set(STATE, PENDING)
                .set(DUE_AT, dueAt)
                .set(CONSENT_EXEMPT, consentExempt)
                .execute();
        signalIfDue(dueAt);
    }

    /**
     * The job of a message being recorded, as a part of the statement that records it (docs/adr/0022). Call
     * {@link #signalIfDue} once that statement has recorded the message.
     */
    Conversations.Along jobAlong(Instant dueAt, boolean consentExempt) {
        return new Conversations.Along("delivery job", Map.of("job_due_at", dueAt, "job_consent_exempt", consentExempt),
                (recorded, messageId) -> DSL.insertInto(JOB, TENANT_ID, MESSAGE_ID, STATE, DUE_AT, CONSENT_EXEMPT)
                        .select(DSL.select(DSL.param("tenant_id", Long.class), messageId, DSL.inline(PENDING),
                                DSL.param("job_due_at", SqlTypes.INSTANT), DSL.param("job_consent_exempt", Boolean.class))
                                .from(recorded)));
    }

    /** Wakes the workers of every node once the transaction commits, when a job enqueued in it is due now. */
    void signalIfDue(Instant dueAt) {
        if (!dueAt.isAfter(Instant.now())) {
            notifications.publishAfterCommit(JOBS_CHANNEL);
        }
    }

    /** Jobs whose worker's lease ran out go back to pending, marked unconfirmed, so the next claim knows. */
    int releaseExpiredLeases(Instant now) {
        return db.update(JOB)
                .set(STATE, PENDING)
                .set(UNCONFIRMED, true)
                .set(DUE_AT, now)
                .set(LAST_ERROR, "the worker stopped before recording the outcome of its attempt")
                .set(UPDATED_AT, now)
                .where(STATE.eq(DSL.inline(IN_FLIGHT)).and(LEASE_UNTIL.lt(now)))
                .execute();
    }

    /**
     * Claims up to {@code limit} due jobs for this worker in one statement, in the caller's transaction: the
     * jobs are locked (other workers skip them) and marked in flight with a lease and one more attempt. The
     * state is written into the SQL, so that the plan PostgreSQL keeps for the claim reads the partial index of
     * pending jobs (a bound state would have to be planned on every claim to use it).
     */
    List<Job> claimDue(String worker, Instant now, Instant leaseUntil, int limit) {
        Table<?> due = db.select(TENANT_ID, MESSAGE_ID)
                .from(JOB)
                .where(STATE.eq(DSL.inline(PENDING)).and(DUE_AT.le(now)))
                .orderBy(DUE_AT)
                .limit(RowCount.of(limit))
                .forUpdate()
                .skipLocked()
                .asTable("due");
        return db.update(JOB)
                .set(STATE, IN_FLIGHT)
                .set(ATTEMPTS, J_ATTEMPTS.plus(1))
                .set(LEASE_UNTIL, leaseUntil)
                .set(CLAIMED_BY, worker)
                .set(UPDATED_AT, now)
                .from(due)
                .where(J_TENANT_ID.eq(due.field(TENANT_ID)).and(J_MESSAGE_ID.eq(due.field(MESSAGE_ID))))
                .returning(J_TENANT_ID, J_MESSAGE_ID, J_ATTEMPTS, J_CONSENT_EXEMPT, J_UNCONFIRMED, J_DUE_AT)
                .fetch()
                .stream()
                // RETURNING has no order: first due, first served (a sender's pace lets the first of its jobs go).
                .sorted(java.util.Comparator.comparing((Record r) -> r.get(J_DUE_AT)).thenComparing(r -> r.get(J_MESSAGE_ID)))
                .map(r -> new Job(new TenantId(r.get(J_TENANT_ID)), r.get(J_MESSAGE_ID), r.get(J_ATTEMPTS),
                        r.get(J_CONSENT_EXEMPT), r.get(J_UNCONFIRMED)))
                .toList();
    }

    /**
     * What becomes of a claimed job: it is finished (sent, failed for good, or no longer to be sent), or pending
     * again until {@code dueAt}, after an attempt whose outcome is known ({@code attempted}), or without one (the
     * sender's pace), when the claim's count is undone and what was unconfirmed stays so.
     */
    record Settlement(TenantId tenant, long messageId, boolean finished, Instant dueAt, String error,
                      boolean attempted) {

        /** The job has nothing left to do; why is the message's status and history, not the job's. */
        static Settlement finished(Job job) {
            return new Settlement(job.tenant(), job.messageId(), true, null, null, true);
        }

        static Settlement retry(Job job, Instant dueAt, String error) {
            return new Settlement(job.tenant(), job.messageId(), false, dueAt, error, true);
        }

        static Settlement notYet(Job job, Instant dueAt) {
            return new Settlement(job.tenant(), job.messageId(), false, dueAt, null, false);
        }
    }

    /**
     * Records what became of claimed jobs: the finished ones are deleted in one statement (docs/adr/0038), so the
     * outbox holds only work still to do; the others are made pending again in another.
     */
    void settle(Collection<Settlement> settlements) {
        List<Settlement> finished = settlements.stream().filter(Settlement::finished).toList();
        if (!finished.isEmpty()) {
            db.deleteFrom(JOB)
                    .where(DSL.row(TENANT_ID, MESSAGE_ID).in(finished.stream()
                            .map(s -> DSL.row(s.tenant().value(), s.messageId())).toList()))
                    .execute();
        }
        List<Settlement> again = settlements.stream().filter(s -> !s.finished()).toList();
        if (again.isEmpty()) {
            return;
        }
        Table<?> v = DSL.values(again.stream().map(s -> DSL.row(List.<Field<?>>of(
                        DSL.cast(DSL.val(s.tenant().value()), SQLDataType.BIGINT),
                        DSL.cast(DSL.val(s.messageId()), SQLDataType.BIGINT),
                        DSL.cast(DSL.val(s.dueAt(), SQLDataType.INSTANT), SQLDataType.INSTANT),
                        DSL.cast(DSL.val(s.error(), SQLDataType.CLOB), SQLDataType.CLOB),
                        DSL.cast(DSL.val(s.attempted()), SQLDataType.BOOLEAN))))
                .toArray(org.jooq.RowN[]::new))
                .as("v", "tenant_id", "message_id", "due_at", "last_error", "attempted");
        Field<Boolean> attempted = v.field("attempted", Boolean.class);
        db.update(JOB)
                .set(STATE, PENDING)
                .set(DUE_AT, v.field("due_at", Instant.class))
                .set(ATTEMPTS, DSL.when(attempted, J_ATTEMPTS).otherwise(J_ATTEMPTS.minus(1)))
                .set(UNCONFIRMED, DSL.when(attempted, DSL.inline(false)).otherwise(J_UNCONFIRMED))
                .set(LEASE_UNTIL, (Instant) null)
                .set(CLAIMED_BY, (String) null)
                .set(LAST_ERROR, v.field("last_error", String.class))
                .set(UPDATED_AT, Instant.now())
                .from(v)
                .where(J_TENANT_ID.eq(v.field("tenant_id", Long.class)).and(J_MESSAGE_ID.eq(v.field("message_id", Long.class))))
                .execute();
    }

    /**
     * Vacuums the jobs' table, unless another session is at it already. Each job is inserted, claimed, and deleted
     * within seconds, and every version it leaves is an entry in the index of pending jobs that each claim walks past
     * until the table is vacuumed. Autovacuum comes at most once a minute, by which time a busy outbox has left tens
     * of thousands: a claim cost PostgreSQL 7.9 ms at 900 messages a second, and 1.2 ms with the table kept vacuumed
     * (docs/adr/0042). The table holds only work in hand, so vacuuming it takes milliseconds. Its empty pages at
     * the end are kept, not cut off: cutting them needs the table's exclusive lock, which every send's insert of a
     * job conflicts with, so the vacuum waited for it up to five seconds, and then held up the sends while it had it.
     */
    void vacuum() {
        db.execute("vacuum (skip_locked, truncate false) delivery_job");
    }

    /** Deletes the jobs of messages that will not be sent after all (canceled before a worker claimed them). */
    void cancelAll(TenantId tenant, Collection<Long> messageIds) {
        if (messageIds.isEmpty()) {
            return;
        }
        db.deleteFrom(JOB)
                .where(TENANT_ID.eq(tenant.value()).and(MESSAGE_ID.in(messageIds)).and(STATE.eq(DSL.inline(PENDING))))
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
                .set(NEXT_SLOT_AT, field(name("sender_pace", "next_slot_at"), SqlTypes.INSTANT))
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
