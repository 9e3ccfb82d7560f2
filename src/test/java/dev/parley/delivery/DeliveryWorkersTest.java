package dev.parley.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.storage.Notifications;
import dev.parley.testing.FakeTwilio;
import dev.parley.testing.Http;
import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.TestTenant;
import dev.parley.testing.TwilioTenant;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Running workers sleep until a new job is signalled rather than until their next poll: with a poll interval of
 * ten minutes, a message still goes at once. (That a NOTIFY from another node reaches the subscribers is
 * {@code NotificationsTest}'s.)
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
        workers = new DeliveryWorkers(worker, new DeliveryProperties(2, p.batchSize(), p.batchWait(), Duration.ofMinutes(10), p.lease(),
                p.maxAttempts(), p.baseBackoff(), p.maxBackoff(), Duration.ZERO, p.vacuumEvery()), notifications);
        workers.start();
        // Unpaced: a job put back for its sender's pace waits for the next poll, which here is ten minutes away.
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
