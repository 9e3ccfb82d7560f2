package dev.parley.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.contacts.Consents;
import dev.parley.conversations.Conversations;
import dev.parley.testing.FakeTwilio;
import dev.parley.testing.Http;
import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.SqlCounter;
import dev.parley.testing.TestTenant;
import dev.parley.testing.TwilioTenant;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * A worker takes due jobs in batches: one batch costs the same statements whatever its size, its messages go
 * to the provider together, and what happens to one of them (a failure, an opt-out, a crash) is its own.
 */
@ParleyIntegrationTest
class BatchDeliveryTest {

    @LocalServerPort
    int port;

    @Autowired
    DeliveryWorker worker;

    @Autowired
    Outbox outbox;

    @Autowired
    Conversations conversations;

    @Autowired
    Consents consents;

    @Autowired
    List<DeliveryChannel> channels;

    @Autowired
    DeliveryProperties properties;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    DSLContext db;

    @Autowired
    SqlCounter sql;

    Http http;
    FakeTwilio twilio;
    TwilioTenant clinic;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        twilio = new FakeTwilio();
        clinic = TwilioTenant.create(http, twilio);
        // A worker run by hand takes whatever is due first: jobs other tests left behind are retired.
        db.execute("delete from delivery_job");
    }

    @AfterEach
    void tearDown() {
        twilio.close();
    }

    @Test
    void aBatchOfTwentyCostsTheStatementsOfABatchOfOne() {
        send(TestTenant.uniqueNumber(), "alone");
        List<String> forOne = sql.statementsOnThisThreadDuring(worker(Duration.ZERO)::runDue);
        for (int i = 0; i < 20; i++) {
            send(TestTenant.uniqueNumber(), "one of twenty " + i);
        }

        List<String> forTwenty = sql.statementsOnThisThreadDuring(worker(Duration.ZERO)::runDue);

        assertThat(twilio.requests()).hasSize(21);
        assertThat(pending()).isZero();
        assertThat(forTwenty).as(String.join("\n", forTwenty)).hasSameSizeAs(forOne);
        assertThat(forTwenty.size()).as("claim, read, consent, attempt, outcome: a handful, not 20 per message")
                .isLessThanOrEqualTo(11);
    }

    @Test
    void theProviderCallsOfABatchOverlap() {
        for (int i = 0; i < 5; i++) {
            twilio.answer(201, "{\"sid\": \"SMslow" + i + "\", \"status\": \"queued\"}", Map.of(), Duration.ofMillis(1500));
        }
        for (int i = 0; i < 5; i++) {
            send(TestTenant.uniqueNumber(), "slow " + i);
        }

        worker(Duration.ZERO).runDue();

        List<Instant> arrivals = twilio.requests().stream().map(FakeTwilio.Request::at).sorted().toList();
        assertThat(arrivals).hasSize(5);
        // One after another, the fifth call could not start before the first four had each taken 1.5 s.
        assertThat(Duration.between(arrivals.get(0), arrivals.get(4))).isLessThan(Duration.ofMillis(1500));
        assertThat(pending()).isZero();
    }

    @Test
    void aSteadyStreamOfMessagesWaitsForTwilioOnThreadsItReuses() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int batch = 20;
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < batch; i++) {
                send(TestTenant.uniqueNumber(), "round " + round + ", message " + i);
            }
            long startedBefore = threads.getTotalStartedThreadCount();

            worker(Duration.ZERO).runDue();

            long started = threads.getTotalStartedThreadCount() - startedBefore;
            if (round == 1) {
                // The first round may start the threads that wait for Twilio, and the pools of the HTTP client and of
                // the fake Twilio may still grow in the second; a thread per message would be 20 or more.
                assertThat(started).as("threads started to deliver the second batch of " + batch).isLessThan(batch);
            }
        }
        assertThat(twilio.requests()).hasSize(2 * batch);
        assertThat(pending()).isZero();
    }

    @Test
    void oneFailedMessageInABatchLeavesTheOthersDelivered() {
        twilio.answer(500, "{}").answer(400, FakeTwilio.error(21211, "Invalid 'To' Phone Number", 400));
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(send(TestTenant.uniqueNumber(), "batch " + i));
        }

        worker(Duration.ZERO).runDue();

        assertThat(twilio.requests()).hasSize(6);
        Map<String, Long> statuses = ids.stream().map(this::message)
                .collect(Collectors.groupingBy(m -> m.get("status").asString() + (m.get("provider_message_id").isNull()
                        ? "" : " with provider id"), Collectors.counting()));
        assertThat(statuses).isEqualTo(Map.of("sending with provider id", 4L, "sending", 1L, "failed", 1L));
        assertThat(ids).filteredOn(id -> message(id).get("status").asString().equals("sending")
                        && message(id).get("provider_message_id").isNull())
                .singleElement()
                .satisfies(id -> {
                    assertThat(history(id)).anySatisfy(d -> assertThat(d).startsWith("attempt 1 failed: Twilio answered 500"));
                    assertThat(job(id)).contains("pending");
                });
        // The delivered and the failed ones are finished: their jobs are gone, their messages say what happened.
        assertThat(ids.stream().map(this::job).flatMap(Optional::stream).toList()).containsExactly("pending");
    }

    @Test
    void consentIsCheckedForEveryMessageOfTheBatchWhenItGoes() {
        String optedOut = TestTenant.uniqueNumber();
        long refused = send(optedOut, "to someone who will opt out");
        long other = send(TestTenant.uniqueNumber(), "to someone who did not");
        consents.recordOptOut(clinic.tenant().tenantId(), "sms", optedOut, "test", "opted out after the send");

        worker(Duration.ZERO).runDue();

        assertThat(twilio.requests()).singleElement().satisfies(r -> assertThat(r.field("Body")).isEqualTo("to someone who did not"));
        assertThat(message(refused).get("status").asString()).isEqualTo("canceled");
        assertThat(message(refused).get("error_reason").asString()).isEqualTo("opted_out");
        assertThat(message(other).get("provider_message_id").isNull()).isFalse();
        assertThat(job(refused)).isEmpty();
    }

    @Test
    void aWorkerKilledMidBatchLeavesEveryJobOfItsBatchToBeRetriedAndSaysSo() {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(send(TestTenant.uniqueNumber(), "crash " + i));
        }
        DeliveryWorker dying = worker(Duration.ZERO);
        List<DeliveryWorker.Attempt> claimed = dying.claim();
        assertThat(claimed).hasSize(3);
        // The worker made the provider calls, then died before recording their outcomes.
        dying.call(claimed.stream().map(a -> a.message().orElseThrow()).toList());
        db.execute("update delivery_job set lease_until = now() - interval '1 second' where tenant_id = ? and state = 'in_flight'",
                clinic.tenant().id());

        assertThat(Drain.untilDone(worker(Duration.ZERO), db, clinic.tenant().id(), Duration.ofSeconds(20))).isTrue();

        assertThat(twilio.requests()).as("each message may go twice, and does").hasSize(6);
        assertThat(ids).allSatisfy(id -> {
            assertThat(history(id)).anySatisfy(d -> assertThat(d).contains("may send it twice"));
            assertThat(job(id)).isEmpty();
        });
    }

    @Test
    void workersOnSeveralNodesKeepOneSenderToItsPaceTogether() throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(send(TestTenant.uniqueNumber(), "paced " + i));
        }
        ExecutorService nodes = Executors.newFixedThreadPool(3);
        try {
            List<Future<Boolean>> drained = new ArrayList<>();
            for (int n = 0; n < 3; n++) {
                DeliveryWorker node = worker(Duration.ofMillis(100));
                drained.add(nodes.submit(() -> Drain.untilDone(node, db, clinic.tenant().id(), Duration.ofSeconds(20))));
            }
            for (Future<Boolean> f : drained) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            nodes.shutdown();
        }

        assertThat(twilio.requests()).hasSize(4);
        List<Instant> attempts = ids.stream().map(id -> message(id).get("status_history").valueStream()
                        .filter(e -> e.get("detail").asString("").equals("attempt 1"))
                        .map(e -> Instant.parse(e.get("occurred_at").asString())).findFirst().orElseThrow())
                .sorted().toList();
        for (int i = 1; i < attempts.size(); i++) {
            assertThat(Duration.between(attempts.get(i - 1), attempts.get(i))).isGreaterThanOrEqualTo(Duration.ofMillis(75));
        }
    }

    @Test
    void aWorkerVacuumsTheJobsTableOnceItHasClaimedAsManyJobsAsItIsSetTo() {
        DeliveryWorker worker = worker(Duration.ZERO, 3);
        send(TestTenant.uniqueNumber(), "first");
        send(TestTenant.uniqueNumber(), "second");
        long before = vacuums();

        worker.runDue();
        long afterTwo = vacuums();
        send(TestTenant.uniqueNumber(), "third");
        worker.runDue();

        assertThat(twilio.requests()).hasSize(3);
        assertThat(pending()).isZero();
        assertThat(afterTwo).as("vacuums after 2 claims of 3").isEqualTo(before);
        assertThat(vacuums()).as("vacuums after 3 claims of 3").isEqualTo(before + 1);
    }

    @Test
    void aWorkerSetToZeroLeavesTheJobsTableToAutovacuum() {
        DeliveryWorker worker = worker(Duration.ZERO, 0);
        long before = vacuums();
        for (int i = 0; i < 3; i++) {
            send(TestTenant.uniqueNumber(), "message " + i);
        }

        worker.runDue();

        assertThat(twilio.requests()).hasSize(3);
        assertThat(vacuums()).isEqualTo(before);
    }

    /**
     * The workers' vacuum keeps the empty pages at the end of the jobs' table: cutting them off needs the table's
     * exclusive lock, which every send's insert of a job conflicts with, so the vacuum would wait for it and then
     * hold the sends up (docs/adr/0042).
     */
    @Test
    void theWorkersVacuumKeepsTheEmptyPagesAtTheEndOfTheJobsTable() {
        long first = send(TestTenant.uniqueNumber(), "first");
        // 3,000 jobs more than the table had room for, due long after the test so that no worker claims them, for
        // copies of the message; then they are gone, and the pages they filled at the table's end are empty.
        db.execute("""
                with copies as (
                  insert into message (tenant_id, conversation_id, location_id, channel, direction, body, to_address,
                                       status, occurred_at, updated_at)
                  select tenant_id, conversation_id, location_id, channel, direction, body, to_address, 'sent',
                         occurred_at, updated_at
                  from message, generate_series(1, 3000) where tenant_id = ? and message_id = ?
                  returning tenant_id, message_id
                )
                insert into delivery_job (tenant_id, message_id, state, due_at)
                select tenant_id, message_id, 'pending', timestamptz '2100-01-01' from copies""",
                clinic.tenant().id(), first);
        db.execute("delete from delivery_job where tenant_id = ? and due_at = timestamptz '2100-01-01'",
                clinic.tenant().id());
        long size = tableSize();

        outbox.vacuum();

        assertThat(size).isGreaterThan(0);
        assertThat(tableSize()).isEqualTo(size);
    }

    private long tableSize() {
        return db.fetchOne("select pg_relation_size('delivery_job')").get(0, Long.class);
    }

    /** How often the jobs' table was vacuumed by a statement (autovacuum's own runs are counted apart). */
    private long vacuums() {
        return transactions.execute(tx -> db.fetchOne(
                "select vacuum_count from pg_stat_user_tables where relname = 'delivery_job'").get(0, Long.class));
    }

    /** A worker as another node would run it, with this sender interval. */
    private DeliveryWorker worker(Duration senderInterval) {
        return worker(senderInterval, properties.vacuumEvery());
    }

    private DeliveryWorker worker(Duration senderInterval, int vacuumEvery) {
        DeliveryProperties p = properties;
        DeliveryProperties these = new DeliveryProperties(p.workers(), p.batchSize(), p.batchWait(), p.pollInterval(),
                p.lease(), p.maxAttempts(), p.baseBackoff(), p.maxBackoff(), senderInterval, vacuumEvery);
        return new DeliveryWorker(outbox, conversations, consents, channels, these, transactions);
    }

    private long send(String to, String body) {
        Http.Response accepted = clinic.tenant().sendSms(to, body);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        return accepted.json().get("id").asLong();
    }

    private int pending() {
        return db.fetchCount(db.selectFrom("delivery_job")
                .where("tenant_id = ? and state in ('pending', 'in_flight')", clinic.tenant().id()));
    }

    /** The state of the message's delivery job, empty once the job is finished. */
    private Optional<String> job(long id) {
        return outbox.state(clinic.tenant().tenantId(), id);
    }

    private JsonNode message(long id) {
        return http.get("/api/v1/messages/" + id, clinic.tenant().token()).json();
    }

    private List<String> history(long id) {
        return message(id).get("status_history").findValuesAsString("detail");
    }
}
