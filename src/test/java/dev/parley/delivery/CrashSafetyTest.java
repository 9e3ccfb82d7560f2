package dev.parley.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.FakeTwilio;
import dev.parley.testing.Http;
import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.TestTenant;
import dev.parley.testing.TwilioTenant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
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
 * A worker that stops at any point loses no message, and a message sent twice says so in its history.
 * "Stopping" is simulated by running a worker's steps by hand and abandoning them where a crash would.
 */
@ParleyIntegrationTest
class CrashSafetyTest {

    @LocalServerPort
    int port;

    @Autowired
    DeliveryWorker worker;

    @Autowired
    Outbox outbox;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    DSLContext db;

    Http http;
    FakeTwilio twilio;
    TwilioTenant clinic;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        twilio = new FakeTwilio();
        clinic = TwilioTenant.create(http, twilio);
        // Steps run by hand claim whatever job is due first: jobs other tests left behind are retired.
        db.execute("delete from delivery_job");
    }

    @AfterEach
    void tearDown() {
        twilio.close();
    }

    @Test
    void aWorkerKilledInsideItsClaimLeavesTheJobForTheNext() {
        long id = send("claim and die");

        transactions.executeWithoutResult(tx -> {
            assertThat(outbox.claimDue("doomed", java.time.Instant.now(), java.time.Instant.now().plusSeconds(60), 10)).isNotEmpty();
            tx.setRollbackOnly();
        });
        worker.runDue();

        assertThat(twilio.requests()).hasSize(1);
        assertThat(message(id).get("provider_message_id").isNull()).isFalse();
        assertThat(history(id)).noneSatisfy(d -> assertThat(d).contains("not confirmed"));
    }

    @Test
    void aWorkerKilledAfterClaimingBeforeCallingLosesNothing() {
        long id = send("claimed then abandoned");

        DeliveryWorker.Attempt abandoned = onlyOne(worker.claim());
        assertThat(abandoned.message()).isPresent();
        expireLeases();
        drain();

        assertThat(twilio.requests()).hasSize(1);
        assertThat(message(id).get("provider_message_id").isNull()).isFalse();
        assertThat(history(id)).anySatisfy(d -> assertThat(d).startsWith("attempt 1 was not confirmed"));
        assertThat(job(id)).isEmpty();
    }

    @Test
    void aWorkerKilledAfterTheProviderCallSendsAgainAndTheHistorySaysSo() {
        long id = send("sent, then the worker died");

        DeliveryWorker.Attempt attempt = onlyOne(worker.claim());
        SendOutcome outcome = worker.call(List.of(attempt.message().orElseThrow())).get(0);
        assertThat(outcome).isInstanceOf(SendOutcome.Accepted.class);
        expireLeases();
        drain();

        assertThat(twilio.requests()).as("the second attempt may duplicate, and is allowed to").hasSize(2);
        assertThat(history(id)).anySatisfy(d -> assertThat(d).contains("may send it twice"));
        assertThat(job(id)).isEmpty();
    }

    @Test
    void aStatusReportThatArrivesBeforeTheRetryReconcilesAndNothingIsSentTwice() {
        long id = send("reconciled by the callback");

        DeliveryWorker.Attempt attempt = onlyOne(worker.claim());
        SendOutcome.Accepted accepted = (SendOutcome.Accepted) worker.call(List.of(attempt.message().orElseThrow())).get(0);
        Http.Response callback = clinic.webhook(http, "/webhooks/twilio/status?tenant=" + clinic.tenant().id() + "&message=" + id,
                Map.of("MessageSid", accepted.providerMessageId(), "MessageStatus", "sent", "AccountSid", clinic.accountSid()));
        assertThat(callback.status()).isEqualTo(200);
        expireLeases();
        drain();

        assertThat(twilio.requests()).hasSize(1);
        JsonNode message = message(id);
        assertThat(message.get("provider_message_id").asString()).isEqualTo(accepted.providerMessageId());
        assertThat(message.get("status").asString()).isEqualTo("sent");
        assertThat(history(id)).anySatisfy(d -> assertThat(d).contains("not sent again"));
    }

    @Test
    void workersRunningAtOnceNeverSendTheSameJob() throws Exception {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            bodies.add("job " + i);
            send(bodies.get(i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                workers.add(pool.submit(this::drain));
            }
            for (Future<?> f : workers) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }

        Map<String, Long> sends = twilio.requests().stream()
                .collect(Collectors.groupingBy(r -> r.field("Body"), Collectors.counting()));
        assertThat(sends.keySet()).containsExactlyInAnyOrderElementsOf(bodies);
        assertThat(sends.values()).containsOnly(1L);
        assertThat(bodies.stream().collect(Collectors.toMap(Function.identity(), b -> 1L))).isEqualTo(sends);
    }

    private static DeliveryWorker.Attempt onlyOne(List<DeliveryWorker.Attempt> claimed) {
        assertThat(claimed).hasSize(1);
        return claimed.get(0);
    }

    private void drain() {
        Drain.untilDone(worker, db, clinic.tenant().id(), Duration.ofSeconds(30));
    }

    private void expireLeases() {
        db.execute("update delivery_job set lease_until = now() - interval '1 second' where tenant_id = ? and state = 'in_flight'",
                clinic.tenant().id());
    }

    /** The state of the message's delivery job, empty once the job is finished. */
    private Optional<String> job(long id) {
        return outbox.state(clinic.tenant().tenantId(), id);
    }

    private long send(String body) {
        Http.Response accepted = clinic.tenant().sendSms(TestTenant.uniqueNumber(), body);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        return accepted.json().get("id").asLong();
    }

    private JsonNode message(long id) {
        return http.get("/api/v1/messages/" + id, clinic.tenant().token()).json();
    }

    private List<String> history(long id) {
        return message(id).get("status_history").findValuesAsString("detail");
    }
}
