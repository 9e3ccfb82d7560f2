package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Http;
import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.TestTenant;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@ParleyIntegrationTest
class MessageApiTest {

    @LocalServerPort
    int port;

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
    void aSendIsAcceptedStoredAsQueuedAndReadable() {
        String to = TestTenant.uniqueNumber();

        Http.Response accepted = clinic.sendSms(to, "Your appointment is tomorrow at 9");

        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.json().get("status").asString()).isEqualTo("queued");
        JsonNode message = http.get("/api/v1/messages/" + accepted.json().get("id").asLong(), clinic.token()).json();
        assertThat(message.get("conversation_id").asLong()).isEqualTo(accepted.json().get("conversation_id").asLong());
        assertThat(message.get("direction").asString()).isEqualTo("outbound");
        assertThat(message.get("from").asString()).isEqualTo(clinic.smsNumber());
        assertThat(message.get("to").asString()).isEqualTo(to);
        assertThat(message.get("body").asString()).isEqualTo("Your appointment is tomorrow at 9");
        assertThat(message.get("status_history").get(0).get("status").asString()).isEqualTo("queued");
    }

    @Test
    void aSendToAContactGoesToItsFirstPhoneAndLinksTheConversation() {
        long contact = clinic.client("Ann", "Lee", "555-555-0303");

        Http.Response accepted = http.post("/api/v1/messages", clinic.token(),
                Map.of("location_id", clinic.locationId(), "channel", "sms", "contact_id", contact, "body", "Hi Ann"));

        assertThat(accepted.status()).isEqualTo(202);
        JsonNode message = http.get("/api/v1/messages/" + accepted.json().get("id").asLong(), clinic.token()).json();
        assertThat(message.get("to").asString()).isEqualTo("+15555550303");
        assertThat(message.get("contact_id").asLong()).isEqualTo(contact);
    }

    @Test
    void aSendForLaterIsScheduled() {
        Http.Response accepted = http.post("/api/v1/messages", clinic.token(), Map.of("location_id", clinic.locationId(),
                "channel", "sms", "to", TestTenant.uniqueNumber(), "body", "Reminder",
                "send_at", Instant.now().plus(1, ChronoUnit.DAYS).toString(), "automated", true));

        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.json().get("status").asString()).isEqualTo("scheduled");
    }

    @Test
    void theSameIdempotencyKeyAndBodyAnswerTheSameAndSendOnce() {
        Map<String, Object> body = Map.of("location_id", clinic.locationId(), "channel", "sms",
                "to", TestTenant.uniqueNumber(), "body", "Once only");
        Map<String, String> key = Map.of("Idempotency-Key", "send-" + System.nanoTime());

        Http.Response first = http.post("/api/v1/messages", clinic.token(), body, key);
        Http.Response second = http.post("/api/v1/messages", clinic.token(), body, key);

        assertThat(second.status()).isEqualTo(202);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.header("idempotent-replayed")).isEqualTo("true");
        assertThat(messages()).isEqualTo(1);
    }

    @Test
    void theSameIdempotencyKeyWithAnotherBodyIs422() {
        Map<String, String> key = Map.of("Idempotency-Key", "send-" + System.nanoTime());
        http.post("/api/v1/messages", clinic.token(), Map.of("location_id", clinic.locationId(), "channel", "sms",
                "to", TestTenant.uniqueNumber(), "body", "First"), key);

        Http.Response other = http.post("/api/v1/messages", clinic.token(), Map.of("location_id", clinic.locationId(),
                "channel", "sms", "to", TestTenant.uniqueNumber(), "body", "Second"), key);

        assertThat(other.status()).isEqualTo(422);
        assertThat(other.json().get("reason").asString()).isEqualTo("idempotency_key_reused");
        assertThat(messages()).isEqualTo(1);
    }

    @Test
    void concurrentRequestsWithOneIdempotencyKeySendOnce() throws Exception {
        Map<String, Object> body = Map.of("location_id", clinic.locationId(), "channel", "sms",
                "to", TestTenant.uniqueNumber(), "body", "Race");
        Map<String, String> key = Map.of("Idempotency-Key", "race-" + System.nanoTime());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Http.Response>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(() -> http.post("/api/v1/messages", clinic.token(), body, key));
            }
            List<String> bodies = new ArrayList<>();
            for (Future<Http.Response> f : pool.invokeAll(calls)) {
                assertThat(f.get().status()).isEqualTo(202);
                bodies.add(f.get().body());
            }
            assertThat(bodies).containsOnly(bodies.get(0));
        } finally {
            pool.shutdown();
        }
        assertThat(messages()).isEqualTo(1);
    }

    @Test
    void badSendsAnswer400NamingTheFieldAndWriteNothing() {
        assertField(Map.of("channel", "sms", "to", "555-555-1234", "body", "x"), "location_id");
        assertField(Map.of("location_id", clinic.locationId(), "channel", "fax", "to", "555-555-1234", "body", "x"), "channel");
        assertField(Map.of("location_id", clinic.locationId(), "channel", "sms", "to", "call me", "body", "x"), "to");
        assertField(Map.of("location_id", clinic.locationId(), "channel", "sms", "body", "x"), "to");
        assertField(Map.of("location_id", clinic.locationId(), "channel", "sms", "to", "555-555-1234", "body", " "), "body");
        assertField(Map.of("location_id", clinic.locationId(), "channel", "sms", "to", "555-555-1234", "body", "x",
                "send_at", "tomorrow"), "send_at");
        assertField(Map.of("location_id", clinic.locationId(), "channel", "sms", "to", "555-555-1234", "body", "x",
                "contact_id", 99999999), "contact_id");
        assertField(Map.of("location_id", 99999999, "channel", "sms", "to", "555-555-1234", "body", "x"), "location_id");
        // Dates Java parses but PostgreSQL cannot store, and the one character PostgreSQL's text cannot hold.
        assertField(Map.of("location_id", clinic.locationId(), "channel", "sms", "to", "555-555-1234", "body", "x",
                "send_at", "+300000-01-01T00:00:00Z"), "send_at");
        assertField(Map.of("location_id", clinic.locationId(), "channel", "sms", "to", "555-555-1234", "body", "x",
                "send_at", "-5000-01-01T00:00:00Z"), "send_at");
        Http.Response nul = http.post("/api/v1/messages", clinic.token(), Map.of("location_id", clinic.locationId(),
                "channel", "sms", "to", "555-555-1234", "body", "Results\u0000 are in"));
        assertThat(nul.status()).as(nul.toString()).isEqualTo(400);
        assertThat(nul.json().get("errors").get(0).get("field").asString()).isEqualTo("body");
        assertThat(nul.json().get("errors").get(0).get("message").asString()).contains("U+0000");
        assertThat(messages()).isZero();
    }

    @Test
    void aSendFromALocationWithoutAnSmsNumberIsRefusedWithAReason() {
        long bare = http.post("/api/v1/locations", clinic.token(), Map.of("name", "Annex", "timezone", "UTC"))
                .json().get("id").asLong();

        Http.Response refused = http.post("/api/v1/messages", clinic.token(), Map.of("location_id", bare,
                "channel", "sms", "to", "555-555-1234", "body", "x"));

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("reason").asString()).isEqualTo("no_sender_address");
        assertThat(messages()).isZero();
    }

    @Test
    void aTokenWithoutTheSendScopeMayNotSend() {
        String reader = clinic.tokenWith("read");

        Http.Response refused = http.post("/api/v1/messages", reader, Map.of("location_id", clinic.locationId(),
                "channel", "sms", "to", "555-555-1234", "body", "x"));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(http.post("/api/v1/messages", clinic.tokenWith("send"), Map.of("location_id", clinic.locationId(),
                "channel", "sms", "to", "555-555-1234", "body", "x")).status()).isEqualTo(202);
    }

    private void assertField(Map<String, Object> body, String field) {
        Http.Response response = http.post("/api/v1/messages", clinic.token(), body);
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json().get("errors").findValuesAsString("field")).contains(field);
    }

    private int messages() {
        return db.fetchCount(db.selectFrom("message").where("tenant_id = ?", clinic.id()));
    }
}
