package dev.parley.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.FakeTwilio;
import dev.parley.testing.Http;
import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.TestTenant;
import dev.parley.testing.TwilioTenant;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Sending through Twilio, against a local server that answers as Twilio's API does. */
@ParleyIntegrationTest
class TwilioDeliveryTest {

    @LocalServerPort
    int port;

    @Autowired
    DeliveryWorker worker;

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
    }

    @AfterEach
    void tearDown() {
        twilio.close();
    }

    @Test
    void theRequestCarriesTheAccountsPathBasicAuthAndTheFormFields() {
        String to = TestTenant.uniqueNumber();
        long id = send(to, "Glumpy is ready for pickup");

        worker.runDue();

        assertThat(twilio.requests()).hasSize(1);
        FakeTwilio.Request request = twilio.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/2010-04-01/Accounts/" + clinic.accountSid() + "/Messages.json");
        assertThat(request.authorization()).isEqualTo("Basic " + Base64.getEncoder().encodeToString(
                (clinic.accountSid() + ":" + clinic.authToken()).getBytes(StandardCharsets.UTF_8)));
        assertThat(request.field("To")).isEqualTo(to);
        assertThat(request.field("From")).isEqualTo(clinic.tenant().smsNumber());
        assertThat(request.field("Body")).isEqualTo("Glumpy is ready for pickup");
        assertThat(request.field("StatusCallback")).isEqualTo(TwilioTenant.PUBLIC_BASE + "/webhooks/twilio/status?tenant="
                + clinic.tenant().id() + "&message=" + id);
        JsonNode message = message(id);
        assertThat(message.get("status").asString()).isEqualTo("sending");
        assertThat(message.get("provider").asString()).isEqualTo("twilio");
        assertThat(message.get("provider_message_id").asString()).startsWith("SM");
    }

    @Test
    void aMessagingServiceSendsInsteadOfTheNumber() {
        String service = "MG" + "0".repeat(31) + "1";
        http.put("/api/v1/channels/sms", clinic.tenant().token(), Map.of("provider", "twilio", "account_sid",
                clinic.accountSid(), "auth_token", clinic.authToken(), "base_url", twilio.baseUrl(),
                "messaging_service_sid", service));
        send(TestTenant.uniqueNumber(), "hi");

        worker.runDue();

        assertThat(twilio.requests().get(0).field("MessagingServiceSid")).isEqualTo(service);
        assertThat(twilio.requests().get(0).field("From")).isNull();
    }

    @Test
    void anUnsubscribedRecipientFailsAtOnceAndIsRecordedAsOptedOut() {
        twilio.answer(400, FakeTwilio.error(21610, "Attempt to send to unsubscribed recipient", 400));
        String to = TestTenant.uniqueNumber();
        long id = send(to, "hello");

        worker.runDue();

        JsonNode message = message(id);
        assertThat(message.get("status").asString()).isEqualTo("failed");
        assertThat(message.get("error_code").asString()).isEqualTo("21610");
        assertThat(twilio.requests()).hasSize(1);
        Http.Response refused = clinic.tenant().sendSms(to, "again");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("reason").asString()).isEqualTo("opted_out");
        assertThat(refused.json().get("details").get("source").asString()).isEqualTo("provider");
    }

    @Test
    void invalidAndNonMobileNumbersAndOther4xxAreFailuresWithoutRetry() {
        twilio.answer(400, FakeTwilio.error(21211, "Invalid 'To' Phone Number", 400))
                .answer(400, FakeTwilio.error(21614, "'To' number is not a valid mobile number", 400))
                .answer(401, FakeTwilio.error(20003, "Authenticate", 401));
        long invalid = send(TestTenant.uniqueNumber(), "a");
        long landline = send(TestTenant.uniqueNumber(), "b");
        long unauthorised = send(TestTenant.uniqueNumber(), "c");

        drain();

        assertThat(twilio.requests()).hasSize(3);
        assertThat(message(invalid).get("error_code").asString()).isEqualTo("21211");
        assertThat(message(landline).get("error_code").asString()).isEqualTo("21614");
        assertThat(message(landline).get("error_reason").asString()).contains("Not a valid mobile number");
        assertThat(message(unauthorised).get("error_code").asString()).isEqualTo("20003");
        assertThat(List.of(message(invalid), message(landline), message(unauthorised)))
                .allSatisfy(m -> assertThat(m.get("status").asString()).isEqualTo("failed"));
    }

    @Test
    void serverErrorsAreRetriedWithBackoffUntilTheyWork() {
        twilio.answer(500, "{}").answer(503, FakeTwilio.error(20500, "Internal Server Error", 503));
        long id = send(TestTenant.uniqueNumber(), "retry me");

        drain();

        assertThat(twilio.requests()).hasSize(3);
        JsonNode message = message(id);
        assertThat(message.get("provider_message_id").isNull()).isFalse();
        List<String> history = message.get("status_history").findValuesAsString("detail");
        assertThat(history).anySatisfy(d -> assertThat(d).startsWith("attempt 1 failed: Twilio answered 500"));
        assertThat(history).anySatisfy(d -> assertThat(d).startsWith("attempt 2 failed: Twilio answered 503"));
        assertThat(history).anySatisfy(d -> assertThat(d).contains("accepted attempt 3"));
    }

    @Test
    void aTransientFailureWaitsAtLeastWhatRetryAfterAsks() {
        twilio.answer(429, FakeTwilio.error(20429, "Too Many Requests", 429), Map.of("Retry-After", "30"), Duration.ZERO);
        long id = send(TestTenant.uniqueNumber(), "slow down");
        Instant before = Instant.now();

        worker.runDue();

        Instant due = db.select(org.jooq.impl.DSL.field("due_at", Instant.class)).from("delivery_job")
                .where("tenant_id = ? and message_id = ?", clinic.tenant().id(), id).fetchOne(0, Instant.class);
        assertThat(due).isAfterOrEqualTo(before.plusSeconds(30));
        assertThat(message(id).get("status").asString()).isEqualTo("sending");
        assertThat(twilio.requests()).hasSize(1);
    }

    @Test
    void backoffGrowsExponentiallyWithJitterAndRespectsTheCap() {
        for (int attempt = 1; attempt <= 6; attempt++) {
            Duration wait = worker.backoff(attempt, null);
            long full = Math.min(200, 20L << (attempt - 1));
            assertThat(wait.toMillis()).isBetween(full / 2, full);
        }
        assertThat(worker.backoff(1, Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void afterTheLastAttemptTheMessageFailsWithTheReason() {
        for (int i = 0; i < 4; i++) {
            twilio.answer(502, "{}");
        }
        long id = send(TestTenant.uniqueNumber(), "never");

        drain();

        assertThat(twilio.requests()).hasSize(4);
        JsonNode message = message(id);
        assertThat(message.get("status").asString()).isEqualTo("failed");
        assertThat(message.get("error_reason").asString()).contains("Twilio answered 502");
        assertThat(message.get("status_history").findValuesAsString("detail"))
                .anySatisfy(d -> assertThat(d).startsWith("gave up after 4 attempts"));
    }

    @Test
    void aTimeoutIsTransient() {
        twilio.answer(201, "{\"sid\": \"SMlate\", \"status\": \"queued\"}", Map.of(), Duration.ofSeconds(4));
        long id = send(TestTenant.uniqueNumber(), "hello?");

        worker.runDue();

        assertThat(message(id).get("status_history").findValuesAsString("detail"))
                .anySatisfy(d -> assertThat(d).startsWith("attempt 1 failed: Twilio did not answer"));
        assertThat(message(id).get("status").asString()).isEqualTo("sending");
    }

    @Test
    void anAttemptThatTimedOutButReachedTwilioIsNotSentAgainOnceItsCallbackNamesIt() {
        twilio.answer(201, "{\"sid\": \"SMlate\", \"status\": \"queued\"}", Map.of(), Duration.ofSeconds(4));
        long id = send(TestTenant.uniqueNumber(), "hello?");
        worker.runDue();
        // Twilio took the message after all and calls back with it, naming Parley's id.
        Http.Response callback = clinic.webhook(http, "/webhooks/twilio/status?tenant=" + clinic.tenant().id()
                + "&message=" + id, Map.of("MessageSid", "SMlate", "MessageStatus", "queued",
                "AccountSid", clinic.accountSid()));
        assertThat(callback.status()).isEqualTo(200);

        drain();

        assertThat(twilio.requests()).hasSize(1);
        JsonNode message = message(id);
        assertThat(message.get("provider_message_id").asString()).isEqualTo("SMlate");
        assertThat(message.get("status_history").findValuesAsString("detail"))
                .contains("attempt 1 reached twilio (it reported SMlate); not sent again");
    }

    @Test
    void messagesFromOneNumberArePacedAtTheConfiguredRate() {
        List<Long> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(send(TestTenant.uniqueNumber(), "paced " + i));
        }

        drain();

        assertThat(twilio.requests()).hasSize(3);
        // Each attempt is recorded just after its worker takes the sender's slot (100 ms apart in the tests);
        // the recording itself may lag the slot by a few milliseconds, hence the margin. Unpaced, they are ~1 ms apart.
        List<Instant> attempts = ids.stream()
                .map(id -> message(id).get("status_history").valueStream()
                        .filter(e -> e.get("detail").asString("").equals("attempt 1"))
                        .map(e -> Instant.parse(e.get("occurred_at").asString())).findFirst().orElseThrow())
                .sorted().toList();
        for (int i = 1; i < attempts.size(); i++) {
            assertThat(Duration.between(attempts.get(i - 1), attempts.get(i))).isGreaterThanOrEqualTo(Duration.ofMillis(75));
        }
    }

    @Test
    void aCallbackThatOvertakesTheWorkersRecordIsNotTakenForASecondCopy() throws Exception {
        String sid = "SM" + "7".repeat(32);
        // Twilio holds its answer for a second; its status callback reaches Parley in that second.
        twilio.answer(201, "{\"sid\": \"" + sid + "\", \"status\": \"queued\"}", Map.of(), Duration.ofSeconds(1));
        long id = send(TestTenant.uniqueNumber(), "Your results are in");
        CompletableFuture<Void> working = CompletableFuture.runAsync(worker::runDue);
        Instant deadline = Instant.now().plusSeconds(10);
        while (twilio.requests().isEmpty()) {
            assertThat(Instant.now()).as("the worker never called Twilio").isBefore(deadline);
            Thread.sleep(10);
        }
        Http.Response callback = clinic.webhook(http, "/webhooks/twilio/status?tenant=" + clinic.tenant().id()
                + "&message=" + id, Map.of("MessageSid", sid, "MessageStatus", "sent", "AccountSid", clinic.accountSid()));
        assertThat(callback.status()).isEqualTo(200);
        working.get(20, TimeUnit.SECONDS);

        JsonNode message = message(id);
        assertThat(message.get("status").asString()).isEqualTo("sent");
        assertThat(message.get("provider_message_id").asString()).isEqualTo(sid);
        assertThat(message.get("status_history").findValuesAsString("detail"))
                .contains("twilio accepted attempt 1 as " + sid)
                .noneMatch(detail -> detail.contains("second copy"));
        assertThat(twilio.requests()).hasSize(1);
    }

    private long send(String to, String body) {
        Http.Response accepted = clinic.tenant().sendSms(to, body);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        return accepted.json().get("id").asLong();
    }

    private JsonNode message(long id) {
        return http.get("/api/v1/messages/" + id, clinic.tenant().token()).json();
    }

    /** Runs the worker until this tenant's jobs are finished (and gone), waiting out backoff and pacing. */
    private void drain() {
        assertThat(Drain.untilDone(worker, db, clinic.tenant().id(), Duration.ofSeconds(20))).as("jobs still pending").isTrue();
    }
}
