package dev.parley.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.storage.Notifications;
import dev.parley.testing.FakeTwilio;
import dev.parley.testing.Http;
import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.TestTenant;
import dev.parley.testing.TwilioTenant;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Running workers sleep until a new job is signalled, from this node or another, rather than until their next
 * poll: with a poll interval of ten minutes, a message still goes at once.
 */
@ParleyIntegrationTest
class DeliveryWorkersTest {

    @LocalServerPort
    int port;

    @Autowired
    DeliveryWorker worker;

    @Autowired
    DeliveryProperties properties;

    @Autowired
    Notifications notifications;

    @Autowired
    DataSource dataSource;

    @Autowired
    Outbox outbox;

    Http http;
    FakeTwilio twilio;
    TwilioTenant clinic;
    DeliveryWorkers workers;

    @BeforeEach
    void setUp() throws Exception {
        http = new Http(port);
        twilio = new FakeTwilio();
        clinic = TwilioTenant.create(http, twilio);
        DeliveryProperties p = properties;
        workers = new DeliveryWorkers(worker, new DeliveryProperties(2, p.batchSize(), Duration.ofMinutes(10), p.lease(),
                p.maxAttempts(), p.baseBackoff(), p.maxBackoff(), p.senderInterval()), notifications);
        workers.start();
        // Started workers look once; what other tests left due is theirs to deliver before this test begins.
        Thread.sleep(500);
    }

    @AfterEach
    void tearDown() {
        workers.stop();
        twilio.close();
    }

    @Test
    void aNewMessageWakesASleepingWorker() {
        Http.Response accepted = clinic.tenant().sendSms(TestTenant.uniqueNumber(), "wake up");
        assertThat(accepted.status()).isEqualTo(202);

        assertThat(awaitRequests(1)).as("delivered long before the next poll").isTrue();
    }

    @Test
    void aSignalFromAnotherNodeWakesASleepingWorker() throws Exception {
        // Another node enqueues: its job appears in the table, and its signal comes through PostgreSQL alone.
        long id = clinic.tenant().sendSms(TestTenant.uniqueNumber(), "from another node").json().get("id").asLong();
        assertThat(awaitRequests(1)).isTrue();
        assertThat(awaitDone(id)).as("the first delivery recorded").isTrue();
        try (Connection otherNode = dataSource.getConnection(); Statement s = otherNode.createStatement()) {
            otherNode.setAutoCommit(true);
            s.execute("update delivery_job set state = 'pending', due_at = now(), unconfirmed = false"
                    + " where tenant_id = " + clinic.tenant().id() + " and message_id = " + id);
            s.execute("NOTIFY " + Outbox.JOBS_CHANNEL + ", 'another node'");
        }

        assertThat(awaitRequests(2)).as("the job the other node put back went at once").isTrue();
    }

    private boolean awaitDone(long id) {
        Instant deadline = Instant.now().plusSeconds(30);
        while (!outbox.state(clinic.tenant().tenantId(), id).orElseThrow().equals(Outbox.DONE)) {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            pause();
        }
        return true;
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean awaitRequests(int count) {
        Instant deadline = Instant.now().plusSeconds(30);
        while (twilio.requests().size() < count) {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            pause();
        }
        return true;
    }
}
