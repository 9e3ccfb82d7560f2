package dev.parley.delivery.sms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.delivery.DeliveryWorker;
import dev.parley.testing.FakeTwilio;
import dev.parley.testing.Http;
import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.TestTenant;
import dev.parley.testing.TwilioTenant;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Messages Twilio took whose status callback never came: after {@code parley.sms.status-poll-after} (15 minutes)
 * Parley asks Twilio's API for each, with the tenant's own credentials, and applies the answer as the callback.
 */
@ParleyIntegrationTest
class TwilioStatusPollTest {

    @LocalServerPort
    int port;

    @Autowired
    DeliveryWorker worker;

    @Autowired
    TwilioStatusPoll poll;

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
    void aMessageWhoseCallbackNeverCameTakesTheStatusTwilioGivesWhenAsked() {
        long id = sent("SM" + "a".repeat(32), 60);
        twilio.record("SM" + "a".repeat(32), "{\"sid\": \"SM" + "a".repeat(32) + "\", \"status\": \"delivered\","
                + " \"error_code\": null, \"error_message\": null}");

        assertThat(poll.poll()).isEqualTo(1);

        JsonNode message = message(id);
        assertThat(message.get("status").asString()).isEqualTo("delivered");
        assertThat(message.get("status_history").findValuesAsString("detail")).contains("twilio reported delivered");
        List<FakeTwilio.Request> asked = gets();
        assertThat(asked).hasSize(1);
        assertThat(asked.get(0).path())
                .isEqualTo("/2010-04-01/Accounts/" + clinic.accountSid() + "/Messages/SM" + "a".repeat(32) + ".json");
        assertThat(asked.get(0).authorization()).isEqualTo("Basic " + Base64.getEncoder().encodeToString(
                (clinic.accountSid() + ":" + clinic.authToken()).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anUndeliveredAnswerKeepsTwiliosErrorAsTheReason() {
        long id = sent("SM" + "b".repeat(32), 60);
        twilio.record("SM" + "b".repeat(32), "{\"sid\": \"SM" + "b".repeat(32) + "\", \"status\": \"undelivered\","
                + " \"error_code\": 30003, \"error_message\": null}");

        poll.poll();

        JsonNode message = message(id);
        assertThat(message.get("status").asString()).isEqualTo("undelivered");
        assertThat(message.get("error_code").asString()).isEqualTo("30003");
        assertThat(message.get("error_reason").asString()).isEqualTo("Unreachable destination handset");
    }

    @Test
    void aMessageTwilioStillHasInFlightIsAskedAgainOnlyAnIntervalLater() {
        long id = sent("SM" + "c".repeat(32), 60);
        twilio.record("SM" + "c".repeat(32), "{\"sid\": \"SM" + "c".repeat(32) + "\", \"status\": \"sending\"}");

        assertThat(poll.poll()).isZero();
        poll.poll();

        assertThat(gets()).hasSize(1);
        assertThat(message(id).get("status").asString()).isEqualTo("sending");
    }

    @Test
    void aMessageTwilioTookRecentlyIsNotAskedAbout() {
        long id = sent("SM" + "d".repeat(32), 5);

        poll.poll();

        assertThat(gets()).isEmpty();
        assertThat(message(id).get("status").asString()).isEqualTo("sending");
    }

    @Test
    void messagesOfTenantsNoLongerOnTwilioDoNotHoldUpTheOthersBehindThem() {
        TwilioTenant movedFirst = TwilioTenant.create(http, twilio);
        long oldest = sent(movedFirst, "SM" + "e".repeat(32), 60);
        TwilioTenant movedNext = TwilioTenant.create(http, twilio);
        long older = sent(movedNext, "SM" + "f".repeat(32), 50);
        for (TwilioTenant moved : List.of(movedFirst, movedNext)) {
            Http.Response simulator = http.put("/api/v1/channels/sms", moved.tenant().token(),
                    Map.of("provider", "simulator"));
            assertThat(simulator.status()).as(simulator.toString()).isEqualTo(200);
        }
        long waiting = sent(clinic, "SM" + "1".repeat(32), 40);
        twilio.record("SM" + "1".repeat(32), "{\"sid\": \"SM" + "1".repeat(32) + "\", \"status\": \"delivered\"}");

        assertThat(poll.poll(1)).isEqualTo(1);

        assertThat(message(clinic, waiting).get("status").asString()).isEqualTo("delivered");
        assertThat(gets()).extracting(FakeTwilio.Request::path)
                .containsExactly("/2010-04-01/Accounts/" + clinic.accountSid() + "/Messages/SM" + "1".repeat(32) + ".json");
        assertThat(message(movedFirst, oldest).get("status").asString()).isEqualTo("sending");
        assertThat(message(movedNext, older).get("status").asString()).isEqualTo("sending");
    }

    /** A message Twilio took {@code minutesAgo} as {@code sid}, whose status callback has not come. */
    private long sent(String sid, int minutesAgo) {
        return sent(clinic, sid, minutesAgo);
    }

    private long sent(TwilioTenant from, String sid, int minutesAgo) {
        twilio.answer(201, "{\"sid\": \"" + sid + "\", \"status\": \"queued\"}");
        Http.Response accepted = from.tenant().sendSms(TestTenant.uniqueNumber(), "Your results are in");
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        long id = accepted.json().get("id").asLong();
        worker.runDue();
        assertThat(message(from, id).get("provider_message_id").asString()).isEqualTo(sid);
        db.execute("update message set updated_at = now() - make_interval(mins => ?) where tenant_id = ? and message_id = ?",
                minutesAgo, from.tenant().id(), id);
        return id;
    }

    private List<FakeTwilio.Request> gets() {
        return twilio.requests().stream().filter(r -> r.method().equals("GET")).toList();
    }

    private JsonNode message(long id) {
        return message(clinic, id);
    }

    private JsonNode message(TwilioTenant of, long id) {
        return http.get("/api/v1/messages/" + id, of.tenant().token()).json();
    }
}
