package dev.parley.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.FakeTwilio;
import dev.parley.testing.Http;
import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.TestTenant;
import dev.parley.testing.TwilioTenant;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The simulator, every new tenant's SMS provider, and the SMS settings and preview endpoints. */
@ParleyIntegrationTest
class SimulatorTest {

    @LocalServerPort
    int port;

    @Autowired
    DeliveryWorker worker;

    Http http;
    TestTenant clinic;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        clinic = TestTenant.create(http);
    }

    @Test
    void aNewTenantIsOnTheSimulator() {
        JsonNode settings = http.get("/api/v1/channels/sms", clinic.token()).json();

        assertThat(settings.get("provider").asString()).isEqualTo("simulator");
        assertThat(settings.get("auth_token_set").asBoolean()).isFalse();
    }

    @Test
    void aSimulatedMessageGoesQueuedSendingSentDelivered() {
        long id = clinic.sendSms(TestTenant.uniqueNumber(), "Hello from the simulator").json().get("id").asLong();

        worker.runDue();
        JsonNode message = awaitStatus(id, "delivered");

        assertThat(message.get("status_history").findValuesAsString("status"))
                .containsSubsequence("queued", "sending", "sent", "delivered");
    }

    @Test
    void aNumberEndingIn0000IsUndeliverable() {
        long id = clinic.sendSms("+15555550000", "Nobody home").json().get("id").asLong();

        worker.runDue();
        JsonNode message = awaitStatus(id, "undelivered");

        assertThat(message.get("error_code").asString()).isEqualTo("30003");
    }

    @Test
    void simulatedInboundIsRefusedForTwilioTenantsAndBadInputIsNamed() {
        try (FakeTwilio twilio = new FakeTwilio()) {
            TwilioTenant onTwilio = TwilioTenant.create(http, twilio);
            assertThat(http.post("/api/v1/simulator/inbound", onTwilio.tenant().token(), Map.of("from",
                    TestTenant.uniqueNumber(), "to", onTwilio.tenant().smsNumber(), "body", "hi")).status()).isEqualTo(403);
        }
        assertThat(field(http.post("/api/v1/simulator/inbound", clinic.token(),
                Map.of("from", "nope", "to", clinic.smsNumber(), "body", "hi")))).isEqualTo("from");
        assertThat(field(http.post("/api/v1/simulator/inbound", clinic.token(),
                Map.of("from", TestTenant.uniqueNumber(), "to", TestTenant.uniqueNumber(), "body", "hi")))).isEqualTo("to");
        assertThat(http.post("/api/v1/simulator/inbound", clinic.tokenWith("send"),
                Map.of("from", TestTenant.uniqueNumber(), "to", clinic.smsNumber(), "body", "hi")).status()).isEqualTo(403);
    }

    @Test
    void twilioSettingsAreStoredAndTheAuthTokenIsNeverReturned() {
        Http.Response configured = http.put("/api/v1/channels/sms", clinic.token(), Map.of("provider", "twilio",
                "account_sid", "AC" + "0123456789abcdef".repeat(2), "auth_token", "s3cret-token"));

        assertThat(configured.status()).isEqualTo(200);
        assertThat(configured.body()).doesNotContain("s3cret-token");
        JsonNode settings = http.get("/api/v1/channels/sms", clinic.token()).json();
        assertThat(settings.get("provider").asString()).isEqualTo("twilio");
        assertThat(settings.get("auth_token_set").asBoolean()).isTrue();
        assertThat(settings.toString()).doesNotContain("s3cret-token");
    }

    @Test
    void badSettingsAreNamed() {
        Http.Response bad = http.put("/api/v1/channels/sms", clinic.token(), Map.of("provider", "twilio",
                "account_sid", "not-a-sid", "base_url", "ftp://x"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("account_sid", "auth_token", "base_url");
        assertThat(field(http.put("/api/v1/channels/sms", clinic.token(), Map.of("provider", "nexmo")))).isEqualTo("provider");
        assertThat(http.put("/api/v1/channels/sms", clinic.tokenWith("write"), Map.of("provider", "simulator")).status())
                .isEqualTo(403);
    }

    @Test
    void previewCountsSegmentsByTheSmsRules() {
        JsonNode gsm = http.post("/api/v1/messages/preview", clinic.token(), Map.of("body", "a".repeat(161))).json();
        JsonNode ucs = http.post("/api/v1/messages/preview", clinic.token(), Map.of("body", "Café ✓")).json();

        assertThat(gsm.get("encoding").asString()).isEqualTo("GSM-7");
        assertThat(gsm.get("segments").asInt()).isEqualTo(2);
        assertThat(gsm.get("characters_left").asInt()).isEqualTo(145);
        assertThat(ucs.get("encoding").asString()).isEqualTo("UCS-2");
        assertThat(ucs.get("characters_left").asInt()).isEqualTo(64);
        assertThat(field(http.post("/api/v1/messages/preview", clinic.token(), Map.of()))).isEqualTo("body");
    }

    @Test
    void emailCannotBeSentYetAndSaysSo() {
        Http.Response refused = http.post("/api/v1/messages", clinic.token(), Map.of("location_id", clinic.locationId(),
                "channel", "email", "to", "client@example.com", "body", "Hello"));

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("reason").asString()).isEqualTo("channel_not_available");
    }

    private JsonNode awaitStatus(long id, String status) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode message;
        do {
            message = http.get("/api/v1/messages/" + id, clinic.token()).json();
            if (message.get("status").asString().equals(status)) {
                return message;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError("message " + id + " did not become " + status + "; it is " + message);
    }

    private String field(Http.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        return response.json().get("errors").get(0).get("field").asString();
    }
}
