package dev.parley.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.conversations.Channel;
import dev.parley.testing.Http;
import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.TestTenant;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Consent through the inbound keywords, on a simulator tenant (the simulator's inbound takes the same path
 * as Twilio's webhook): opting out, back in, asking for help, and sends refused with the reason.
 */
@ParleyIntegrationTest
class OptOutTest {

    @LocalServerPort
    int port;

    @Autowired
    DeliveryWorker worker;

    @Autowired
    DSLContext db;

    @Autowired
    MessageSender sender;

    @Autowired
    DataSource dataSource;

    Http http;
    TestTenant clinic;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        clinic = TestTenant.create(http);
    }

    @ParameterizedTest
    @ValueSource(strings = {"STOP", "stopall", " Unsubscribe ", "CANCEL", "end", "Quit", "REVOKE", "optout"})
    void everyOptOutKeywordOptsTheNumberOutAndIsConfirmedOnce(String keyword) {
        String number = TestTenant.uniqueNumber();

        inbound(number, keyword);

        List<JsonNode> outbound = outboundTo(number);
        assertThat(outbound).hasSize(1);
        assertThat(outbound.get(0).get("body").asString()).contains("unsubscribed");
        assertThat(outbound.get(0).get("automated").asBoolean()).isTrue();
        Http.Response refused = clinic.sendSms(number, "Are you still there?");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("reason").asString()).isEqualTo("opted_out");
        assertThat(refused.json().get("details").get("source").asString()).isEqualTo("inbound_keyword");
        assertThat(refused.json().get("details").get("detail").asString()).isEqualTo(keyword.strip().toUpperCase());
        assertThat(Instant.parse(refused.json().get("details").get("opted_out_at").asString()))
                .isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(1, ChronoUnit.MINUTES));
    }

    @Test
    void theConfirmationGoesOutEvenThoughTheNumberOptedOut() {
        String number = TestTenant.uniqueNumber();
        inbound(number, "STOP");

        worker.runDue();

        JsonNode confirmation = outboundTo(number).get(0);
        assertThat(confirmation.get("status").asString()).isIn("sending", "sent", "delivered");
        assertThat(confirmation.get("provider").asString()).isEqualTo("simulator");
    }

    @Test
    void queuedAndScheduledMessagesToANumberThatOptsOutAreCanceled() {
        String number = TestTenant.uniqueNumber();
        long queued = clinic.sendSms(number, "Your results are in").json().get("id").asLong();
        long scheduled = http.post("/api/v1/messages", clinic.token(), Map.of("location_id", clinic.locationId(),
                "channel", "sms", "to", number, "body", "Reminder for tomorrow",
                "send_at", Instant.now().plus(1, ChronoUnit.DAYS).toString())).json().get("id").asLong();

        inbound(number, "stop");
        worker.runDue();

        for (long id : List.of(queued, scheduled)) {
            JsonNode message = http.get("/api/v1/messages/" + id, clinic.token()).json();
            assertThat(message.get("status").asString()).isEqualTo("canceled");
            assertThat(message.get("error_reason").asString()).isEqualTo("opted_out");
            assertThat(message.get("provider_message_id").isNull()).isTrue();
        }
        // Nothing is left to deliver, so nothing is left in the outbox (docs/adr/0038).
        assertThat(db.fetchCount(db.selectFrom("delivery_job").where("tenant_id = ? and message_id in (?, ?)",
                clinic.id(), queued, scheduled))).isZero();
    }

    @Test
    void aStopThatWaitedForAWorkersClaimDoesNotCancelTheMessageTheWorkerIsSending() throws Exception {
        String number = TestTenant.uniqueNumber();
        long queued = clinic.sendSms(number, "Your results are in").json().get("id").asLong();
        ExecutorService stopping = Executors.newSingleThreadExecutor();
        try (Connection claim = dataSource.getConnection()) {
            // A worker's claim, not yet committed: it holds the message's row and has moved it to sending.
            claim.setAutoCommit(false);
            try (PreparedStatement update = claim.prepareStatement(
                    "update message set status = 'sending' where tenant_id = ? and message_id = ?")) {
                update.setLong(1, clinic.id());
                update.setLong(2, queued);
                assertThat(update.executeUpdate()).isEqualTo(1);
            }
            // The STOP finds the message still queued (the claim is not committed) and waits for its row.
            Future<List<Long>> canceled = stopping.submit(() ->
                    sender.cancelPendingTo(clinic.tenantId(), Channel.SMS, number, "STOP"));
            Instant deadline = Instant.now().plusSeconds(10);
            while (db.fetchCount(db.selectFrom("pg_stat_activity").where("wait_event_type = 'Lock'")) == 0) {
                assertThat(Instant.now()).as("the STOP never waited for the claim's row").isBefore(deadline);
                Thread.sleep(10);
            }
            claim.commit();

            assertThat(canceled.get(10, TimeUnit.SECONDS)).isEmpty();
        } finally {
            stopping.shutdownNow();
        }
        JsonNode message = http.get("/api/v1/messages/" + queued, clinic.token()).json();
        assertThat(message.get("status").asString()).isEqualTo("sending");
        assertThat(message.get("error_reason").isNull()).isTrue();
    }

    @Test
    void startOptsBackInAndIsConfirmed() {
        String number = TestTenant.uniqueNumber();
        inbound(number, "STOP");

        inbound(number, "Start");

        assertThat(outboundTo(number)).hasSize(2);
        assertThat(outboundTo(number).get(0).get("body").asString()).contains("subscribed again");
        assertThat(clinic.sendSms(number, "Welcome back").status()).isEqualTo(202);
    }

    @Test
    void yesOptsInANumberThatOptedOutButIsAnOrdinaryReplyOtherwise() {
        String confirmed = TestTenant.uniqueNumber();
        inbound(confirmed, "YES");
        assertThat(outboundTo(confirmed)).as("a YES to a reminder gets no subscription notice").isEmpty();

        String returning = TestTenant.uniqueNumber();
        inbound(returning, "STOP");
        inbound(returning, "yes");
        assertThat(outboundTo(returning)).hasSize(2);
        assertThat(clinic.sendSms(returning, "ok").status()).isEqualTo(202);
    }

    @Test
    void helpGetsTheLocationsHelpText() {
        long location = http.post("/api/v1/locations", clinic.token(), Map.of("name", "Eastside", "timezone", "UTC",
                        "sms_number", TestTenant.uniqueNumber(), "help_text", "Eastside Vets: call (555) 555-0199"))
                .json().get("id").asLong();
        String to = http.get("/api/v1/locations/" + location, clinic.token()).json().get("sms_number").asString();
        String number = TestTenant.uniqueNumber();

        http.post("/api/v1/simulator/inbound", clinic.token(), Map.of("from", number, "to", to, "body", "HELP"));

        JsonNode reply = outboundTo(number).get(0);
        assertThat(reply.get("body").asString()).isEqualTo("Eastside Vets: call (555) 555-0199");
        assertThat(clinic.sendSms(number, "still allowed").status()).isEqualTo(202);
    }

    @Test
    void theConsentHistoryIsVisibleOnTheContact() {
        String number = TestTenant.uniqueNumber();
        long contact = clinic.client("Ann", "Lee", number);
        inbound(number, "STOP");
        inbound(number, "START");

        JsonNode consent = http.get("/api/v1/contacts/" + contact + "/consent", clinic.token()).json();

        assertThat(consent.get("current").findValuesAsString("status")).containsOnly("opted_in");
        assertThat(consent.get("history").valueStream().filter(c -> c.get("category").asString().equals("care"))
                .map(c -> c.get("status").asString() + " by " + c.get("detail").asString()).toList())
                .containsExactly("opted_out by STOP", "opted_in by START");
        assertThat(consent.get("history").get(0).get("source").asString()).isEqualTo("inbound_keyword");
    }

    @Test
    void anOrdinaryMessageThatContainsStopDoesNotOptOut() {
        String number = TestTenant.uniqueNumber();
        inbound(number, "Please don't stop the reminders");

        assertThat(outboundTo(number)).isEmpty();
        assertThat(clinic.sendSms(number, "We won't!").status()).isEqualTo(202);
    }

    private void inbound(String from, String body) {
        Http.Response received = http.post("/api/v1/simulator/inbound", clinic.token(),
                Map.of("from", from, "to", clinic.smsNumber(), "body", body));
        assertThat(received.status()).as(received.toString()).isEqualTo(202);
    }

    private List<JsonNode> outboundTo(String number) {
        JsonNode conversations = http.get("/api/v1/conversations?q=" + number.substring(1), clinic.token()).json().get("items");
        if (conversations.isEmpty()) {
            return List.of();
        }
        return http.get("/api/v1/conversations/" + conversations.get(0).get("id").asLong() + "/messages", clinic.token())
                .json().get("items").valueStream()
                .filter(m -> m.get("direction").asString().equals("outbound"))
                .toList();
    }
}
