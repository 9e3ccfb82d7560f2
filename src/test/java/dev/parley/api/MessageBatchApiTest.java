package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.contacts.Consents;
import dev.parley.testing.Http;
import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.TestTenant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
class MessageBatchApiTest {

    @LocalServerPort
    int port;

    @Autowired
    DSLContext db;

    @Autowired
    Consents consents;

    Http http;
    TestTenant clinic;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        clinic = TestTenant.create(http);
    }

    @Test
    void eachMessageOfABatchIsCheckedAndAnsweredOnItsOwnAndOnlyTheAcceptedAreWritten() {
        String ok = TestTenant.uniqueNumber();
        String optedOut = TestTenant.uniqueNumber();
        consents.recordOptOut(clinic.tenantId(), "sms", optedOut, "inbound_keyword", "STOP");

        Http.Response response = http.post("/api/v1/messages/batch", clinic.token(), Map.of("messages", List.of(
                sms(ok, "Your appointment is tomorrow"),
                sms(optedOut, "Your appointment is tomorrow"),
                sms(ok, " "),
                Map.of("location_id", clinic.locationId(), "channel", "sms", "to", ok, "body", "Later",
                        "send_at", "2999-01-01T09:00:00Z", "automated", true))));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode answer = response.json();
        assertThat(answer.get("accepted").asInt()).isEqualTo(2);
        assertThat(answer.get("not_accepted").asInt()).isEqualTo(2);
        JsonNode results = answer.get("results");
        assertThat(results.get(0).get("result").asString()).isEqualTo("accepted");
        assertThat(results.get(0).get("status").asString()).isEqualTo("queued");
        assertThat(results.get(1).get("result").asString()).isEqualTo("refused");
        assertThat(results.get(1).get("reason").asString()).isEqualTo("opted_out");
        assertThat(results.get(1).get("details").get("source").asString()).isEqualTo("inbound_keyword");
        assertThat(results.get(2).get("result").asString()).isEqualTo("invalid");
        assertThat(results.get(2).get("errors").get(0).get("field").asString()).isEqualTo("body");
        assertThat(results.get(3).get("result").asString()).isEqualTo("accepted");
        assertThat(results.get(3).get("status").asString()).isEqualTo("scheduled");
        for (int i = 0; i < 4; i++) {
            assertThat(results.get(i).get("index").asInt()).isEqualTo(i);
        }

        long first = results.get(0).get("id").asLong();
        assertThat(http.get("/api/v1/messages/" + first, clinic.token()).json().get("to").asString()).isEqualTo(ok);
        assertThat(count("select count(*) from message where tenant_id = ?")).isEqualTo(2);
        assertThat(count("select count(*) from delivery_job where tenant_id = ?")).isEqualTo(2);
        // The refused message started no conversation with the number that opted out.
        assertThat(count("select count(*) from conversation where tenant_id = ?")).isEqualTo(1);
    }

    @Test
    void aBatchOfMoreThanAHundredIsRefusedWholeAndWritesNothing() {
        List<Object> messages = new ArrayList<>();
        for (int i = 0; i <= MessageController.MAX_BATCH; i++) {
            messages.add(sms(TestTenant.uniqueNumber(), "Reminder " + i));
        }

        Http.Response response = http.post("/api/v1/messages/batch", clinic.token(), Map.of("messages", messages));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("messages");
        assertThat(count("select count(*) from message where tenant_id = ?")).isZero();
    }

    @Test
    void aBatchRepeatedWithItsKeySendsOnlyWhatDidNotGoTheFirstTime() {
        String ok = TestTenant.uniqueNumber();
        String optedOut = TestTenant.uniqueNumber();
        consents.recordOptOut(clinic.tenantId(), "sms", optedOut, "inbound_keyword", "STOP");
        Map<String, Object> batch = Map.of("messages", List.of(sms(ok, "Your appointment is tomorrow"),
                sms(optedOut, "Your appointment is tomorrow")));
        Map<String, String> key = Map.of("Idempotency-Key", "batch-" + System.nanoTime());

        JsonNode first = http.post("/api/v1/messages/batch", clinic.token(), batch, key).json();
        // The client did not get the answer, say, and the number opted in again meanwhile.
        consents.recordOptIn(clinic.tenantId(), "sms", optedOut, "inbound_keyword", "START");
        Http.Response repeat = http.post("/api/v1/messages/batch", clinic.token(), batch, key);

        assertThat(repeat.status()).as(repeat.toString()).isEqualTo(200);
        JsonNode again = repeat.json();
        assertThat(first.get("results").get(1).get("result").asString()).isEqualTo("refused");
        assertThat(again.get("results").get(0)).isEqualTo(first.get("results").get(0));
        assertThat(again.get("results").get(1).get("result").asString()).isEqualTo("accepted");
        assertThat(again.get("accepted").asInt()).isEqualTo(2);
        assertThat(count("select count(*) from message where tenant_id = ?")).isEqualTo(2);
        assertThat(count("select count(*) from delivery_job where tenant_id = ?")).isEqualTo(2);

        Http.Response third = http.post("/api/v1/messages/batch", clinic.token(), batch, key);
        assertThat(third.json().get("results")).isEqualTo(again.get("results"));
        assertThat(count("select count(*) from message where tenant_id = ?")).isEqualTo(2);
    }

    @Test
    void aKeyUsedForAnotherBatchIs422AndABadKeyIs400AndNeitherWritesAnything() {
        Map<String, String> key = Map.of("Idempotency-Key", "batch-" + System.nanoTime());
        assertThat(http.post("/api/v1/messages/batch", clinic.token(),
                Map.of("messages", List.of(sms(TestTenant.uniqueNumber(), "Hello"))), key).status()).isEqualTo(200);

        Http.Response other = http.post("/api/v1/messages/batch", clinic.token(),
                Map.of("messages", List.of(sms(TestTenant.uniqueNumber(), "Hello"))), key);
        Http.Response blank = http.post("/api/v1/messages/batch", clinic.token(),
                Map.of("messages", List.of(sms(TestTenant.uniqueNumber(), "Hello"))), Map.of("Idempotency-Key", " "));

        assertThat(other.status()).as(other.toString()).isEqualTo(422);
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.json().get("errors").get(0).get("field").asString()).isEqualTo("Idempotency-Key");
        assertThat(count("select count(*) from message where tenant_id = ?")).isEqualTo(1);
    }

    @Test
    void concurrentRepeatsOfABatchSendEachMessageOnce() throws Exception {
        List<Object> messages = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            messages.add(sms(TestTenant.uniqueNumber(), "Reminder " + i));
        }
        Map<String, String> key = Map.of("Idempotency-Key", "batch-" + System.nanoTime());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Http.Response>> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(pool.submit(() -> http.post("/api/v1/messages/batch", clinic.token(),
                        Map.of("messages", messages), key)));
            }
            JsonNode first = answers.get(0).get().json().get("results");
            for (Future<Http.Response> answer : answers) {
                assertThat(answer.get().status()).isEqualTo(200);
                assertThat(answer.get().json().get("results")).isEqualTo(first);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(count("select count(*) from message where tenant_id = ?")).isEqualTo(10);
        assertThat(count("select count(*) from delivery_job where tenant_id = ?")).isEqualTo(10);
    }

    @Test
    void anotherTenantsLocationIsInvalidInABatch() {
        TestTenant other = TestTenant.create(http);

        Http.Response response = http.post("/api/v1/messages/batch", other.token(),
                Map.of("messages", List.of(sms(TestTenant.uniqueNumber(), "Hello"))));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("results").get(0).get("result").asString()).isEqualTo("invalid");
        assertThat(response.json().get("results").get(0).get("errors").get(0).get("field").asString())
                .isEqualTo("location_id");
        assertThat(count("select count(*) from message where tenant_id = ?", other.id())).isZero();
    }

    @Test
    void aBatchNeedsTheSendScope() {
        Http.Response refused = http.post("/api/v1/messages/batch", clinic.tokenWith("read"),
                Map.of("messages", List.of(sms(TestTenant.uniqueNumber(), "Hello"))));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(count("select count(*) from message where tenant_id = ?")).isZero();
    }

    private Map<String, Object> sms(String to, String body) {
        return Map.of("location_id", clinic.locationId(), "channel", "sms", "to", to, "body", body);
    }

    private long count(String sql) {
        return count(sql, clinic.id());
    }

    private long count(String sql, long tenant) {
        return ((Number) db.fetchValue(sql, tenant)).longValue();
    }
}
