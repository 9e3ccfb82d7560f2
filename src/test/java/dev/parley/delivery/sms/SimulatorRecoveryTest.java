package dev.parley.delivery.sms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.delivery.DeliveryWorker;
import dev.parley.testing.Http;
import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.TestTenant;
import java.time.Duration;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The simulator keeps its reports in memory until they are due, so a restart loses them: a message it took and
 * never reported on is given its last report once that is a minute overdue.
 */
@ParleyIntegrationTest
class SimulatorRecoveryTest {

    @LocalServerPort
    int port;

    @Autowired
    DeliveryWorker worker;

    @Autowired
    SimulatorRecovery recovery;

    @Autowired
    DSLContext db;

    Http http;
    TestTenant clinic;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        clinic = TestTenant.create(http);
    }

    @Test
    void aMessageWhoseReportsWereLostGetsItsLastReportOnceItIsOverdue() {
        long delivered = lostReports(TestTenant.uniqueNumber(), "delivered", 10);
        long undeliverable = lostReports("+15555550000", "undelivered", 10);
        long recent = lostReports(TestTenant.uniqueNumber(), "delivered", 0);

        assertThat(recovery.recover()).isGreaterThanOrEqualTo(2);

        JsonNode reported = message(delivered);
        assertThat(reported.get("status").asString()).isEqualTo("delivered");
        assertThat(reported.get("status_history").findValuesAsString("detail"))
                .filteredOn("simulator reported delivered"::equals).hasSize(2);
        JsonNode failed = message(undeliverable);
        assertThat(failed.get("status").asString()).isEqualTo("undelivered");
        assertThat(failed.get("error_code").asString()).isEqualTo("30003");
        assertThat(message(recent).get("status").asString()).isEqualTo("sending");
    }

    /**
     * A message the simulator took and reported on, put back as a restart would have left it had it come before the
     * reports: {@code sending}, with nothing heard for {@code minutesAgo}.
     */
    private long lostReports(String to, String reported, int minutesAgo) {
        Http.Response accepted = clinic.sendSms(to, "Your results are in");
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        long id = accepted.json().get("id").asLong();
        worker.runDue();
        awaitStatus(id, reported);
        db.execute("update message set status = 'sending', updated_at = now() - make_interval(mins => ?)"
                + " where tenant_id = ? and message_id = ?", minutesAgo, clinic.id(), id);
        return id;
    }

    private JsonNode message(long id) {
        return http.get("/api/v1/messages/" + id, clinic.token()).json();
    }

    private void awaitStatus(long id, String status) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!message(id).get("status").asString().equals(status)) {
            assertThat(System.nanoTime()).as("message %d to become %s", id, status).isLessThan(deadline);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
