package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Http;
import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.TestTenant;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** An Idempotency-Key is remembered for the retention, then forgotten: a retry after that sends anew. */
@ParleyIntegrationTest
class IdempotencyKeyExpiryTest {

    @LocalServerPort
    int port;

    @Autowired
    DSLContext db;

    @Autowired
    IdempotentRequests requests;

    Http http;
    TestTenant clinic;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        clinic = TestTenant.create(http);
    }

    @Test
    void keysOlderThanTheRetentionAreForgottenAndARetryThenSendsAgain() {
        String oldKey = "old-" + System.nanoTime();
        String recentKey = "recent-" + System.nanoTime();
        Map<String, Object> body = send("Remembered for a day");
        assertThat(http.post("/api/v1/messages", clinic.token(), body, Map.of("Idempotency-Key", oldKey)).status())
                .isEqualTo(202);
        assertThat(http.post("/api/v1/messages", clinic.token(), send("Recent"), Map.of("Idempotency-Key", recentKey))
                .status()).isEqualTo(202);
        age(oldKey, Duration.ofHours(25));
        age(recentKey, Duration.ofHours(23));

        int forgotten = requests.forgetOlderThan(Duration.ofHours(24));

        assertThat(forgotten).isGreaterThanOrEqualTo(1);
        assertThat(keys()).containsExactly(recentKey);
        Http.Response retry = http.post("/api/v1/messages", clinic.token(), body, Map.of("Idempotency-Key", oldKey));
        assertThat(retry.status()).isEqualTo(202);
        assertThat(retry.header("idempotent-replayed")).isNull();
        assertThat(messages()).isEqualTo(3);
    }

    @Test
    void aKeyForgottenBetweenTheRetrysClaimAndItsReadIsClaimedAgainAndSendsAgain() {
        String key = "forgotten-mid-claim-" + System.nanoTime();
        Map<String, Object> body = send("Retried just as its key expired");
        assertThat(http.post("/api/v1/messages", clinic.token(), body, Map.of("Idempotency-Key", key)).status())
                .isEqualTo(202);
        age(key, Duration.ofHours(25));
        // The expiry, run after the retry's claim found the key taken and before the retry read the first answer.
        db.execute("create function forget_mid_claim() returns trigger language plpgsql as $f$ begin"
                + " delete from idempotent_request where idempotency_key like 'forgotten-mid-claim-%'"
                + " and created_at < now() - interval '24 hours'; return null; end $f$");
        db.execute("create trigger forget_mid_claim after insert on idempotent_request"
                + " for each statement execute function forget_mid_claim()");
        Http.Response retry;
        try {
            retry = http.post("/api/v1/messages", clinic.token(), body, Map.of("Idempotency-Key", key));
        } finally {
            db.execute("drop trigger forget_mid_claim on idempotent_request");
            db.execute("drop function forget_mid_claim()");
        }

        assertThat(retry.status()).isEqualTo(202);
        assertThat(retry.header("idempotent-replayed")).isNull();
        assertThat(messages()).isEqualTo(2);
        assertThat(keys()).containsExactly(key);
    }

    @Test
    void eachNodeForgetsOldKeysOnItsOwnSchedule() throws Exception {
        String oldKey = "scheduled-" + System.nanoTime();
        http.post("/api/v1/messages", clinic.token(), send("Forgotten by the schedule"), Map.of("Idempotency-Key", oldKey));
        age(oldKey, Duration.ofDays(2));
        IdempotencyKeyExpiry expiry = new IdempotencyKeyExpiry(requests,
                new IdempotencyProperties(Duration.ofDays(1), Duration.ofMillis(50)));

        expiry.start();
        try {
            for (int i = 0; i < 200 && !keys().isEmpty(); i++) {
                Thread.sleep(50);
            }
        } finally {
            expiry.stop();
        }

        assertThat(keys()).isEmpty();
        assertThat(expiry.isRunning()).isFalse();
    }

    private Map<String, Object> send(String text) {
        return Map.of("location_id", clinic.locationId(), "channel", "sms", "to", TestTenant.uniqueNumber(), "body", text);
    }

    private void age(String key, Duration by) {
        db.execute("update idempotent_request set created_at = now() - ? * interval '1 second' where tenant_id = ?"
                + " and idempotency_key = ?", by.toSeconds(), clinic.id(), key);
    }

    private List<String> keys() {
        return db.fetch("select idempotency_key from idempotent_request where tenant_id = ? order by idempotency_key",
                clinic.id()).getValues(0, String.class);
    }

    private int messages() {
        return db.fetchCount(db.selectFrom("message").where("tenant_id = ?", clinic.id()));
    }
}
