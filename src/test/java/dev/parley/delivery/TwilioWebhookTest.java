package dev.parley.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.EventLog;
import dev.parley.testing.FakeTwilio;
import dev.parley.testing.Http;
import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.QueryCounter;
import dev.parley.testing.SqlCounter;
import dev.parley.testing.TestTenant;
import dev.parley.testing.TwilioTenant;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Twilio's inbound-message and status webhooks: signed, de-duplicated, and only ever moving forward. */
@ParleyIntegrationTest
class TwilioWebhookTest {

    static final String INBOUND = "/webhooks/twilio/messages";

    @LocalServerPort
    int port;

    @Autowired
    DSLContext db;

    @Autowired
    EventLog events;

    @Autowired
    DeliveryWorker worker;

    @Autowired
    QueryCounter queries;

    @Autowired
    SqlCounter sql;

    @Autowired
    DataSource dataSource;

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
    void aSignedInboundMessageIsStoredAndAnsweredWithEmptyTwiml() {
        String from = TestTenant.uniqueNumber();
        long contact = clinic.tenant().client("Eric", "Choi", from);

        Http.Response response = clinic.webhook(http, INBOUND, clinic.inbound("SM" + "a".repeat(32), from, "I've arrived"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("content-type")).startsWith("text/xml");
        assertThat(response.body()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>");
        JsonNode conversation = conversations().get(0);
        assertThat(conversation.get("contact").get("id").asLong()).isEqualTo(contact);
        assertThat(conversation.get("unread_count").asInt()).isEqualTo(1);
        assertThat(conversation.get("last_message").get("body").asString()).isEqualTo("I've arrived");
        assertThat(conversation.get("last_message").get("provider_message_id").asString()).isEqualTo("SM" + "a".repeat(32));
    }

    @Test
    void anInboundTextHoldingUPlus0000IsKeptWithTheReplacementCharacterInItsPlace() {
        Http.Response response = clinic.webhook(http, INBOUND, clinic.inbound("SM" + "0".repeat(31) + "1",
                TestTenant.uniqueNumber(), "On my way\u0000 see you soon"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(conversations().get(0).get("last_message").get("body").asString())
                .isEqualTo("On my way\uFFFD see you soon");
    }

    @Test
    void anUnknownNumberStartsAConversationWithNoContact() {
        clinic.webhook(http, INBOUND, clinic.inbound("SMunknown1", TestTenant.uniqueNumber(), "Who is this?"));

        assertThat(conversations().get(0).get("contact").isNull()).isTrue();
    }

    @Test
    void aBadOrMissingSignatureIs403AndWritesNothing() {
        Map<String, String> params = clinic.inbound("SMforged", TestTenant.uniqueNumber(), "forged");

        Http.Response wrong = clinic.webhook(http, INBOUND, params, "bm90IGEgc2lnbmF0dXJl");
        Http.Response missing = clinic.webhook(http, INBOUND, params, null);
        Map<String, String> tampered = new LinkedHashMap<>(params);
        String signature = dev.parley.delivery.sms.TwilioSignature.compute(clinic.authToken(),
                TwilioTenant.PUBLIC_BASE + INBOUND, TwilioTenant.multi(params));
        tampered.put("Body", "tampered");
        Http.Response changed = clinic.webhook(http, INBOUND, tampered, signature);

        assertThat(List.of(wrong.status(), missing.status(), changed.status())).containsOnly(403);
        assertThat(messages()).isZero();
    }

    @Test
    void aFormWithoutALengthThatGrowsPastTheLimitIs413AndWritesNothing() {
        // The test profile's limit is 64 KiB; a body read from a stream goes out in chunks, with no length declared.
        String form = "MessageSid=SMchunked&From=%2B15550001111&To=" + clinic.tenant().smsNumber().replace("+", "%2B")
                + "&AccountSid=" + clinic.accountSid() + "&Body=" + "x".repeat(70_000);

        Http.Response tooLarge = http.postWithoutLength(INBOUND, null, "application/x-www-form-urlencoded",
                form.getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("larger than 65536 bytes");
        assertThat(messages()).isZero();
    }

    @Test
    void aSignatureOverTheUrlWithTheDefaultPortIsAccepted() {
        Map<String, String> params = clinic.inbound("SMport443", TestTenant.uniqueNumber(), "port");
        String signature = dev.parley.delivery.sms.TwilioSignature.compute(clinic.authToken(),
                "https://parley.test:443" + INBOUND, TwilioTenant.multi(params));

        assertThat(clinic.webhook(http, INBOUND, params, signature).status()).isEqualTo(200);
        assertThat(messages()).isEqualTo(1);
    }

    @Test
    void aNewAuthTokenIsHonouredAtOnceEvenWhenAnotherNodeStoredIt() {
        assertThat(clinic.webhook(http, INBOUND, clinic.inbound("SMtok1", TestTenant.uniqueNumber(), "before")).status())
                .isEqualTo(200);
        String rotated = "9".repeat(32);
        // Another node took the new token: this node's recently read settings still hold the old one.
        db.execute("update sms_channel set auth_token = ? where tenant_id = ?", rotated, clinic.tenant().id());
        TwilioTenant afterRotation = new TwilioTenant(clinic.tenant(), clinic.accountSid(), rotated);
        Map<String, String> forgedParams = clinic.inbound("SMtok3", TestTenant.uniqueNumber(), "forged");
        String forged = dev.parley.delivery.sms.TwilioSignature.compute("0".repeat(32), TwilioTenant.PUBLIC_BASE + INBOUND,
                TwilioTenant.multi(forgedParams));

        Http.Response signedWithNew = afterRotation.webhook(http, INBOUND,
                afterRotation.inbound("SMtok2", TestTenant.uniqueNumber(), "after"));
        Http.Response signedWithNeither = clinic.webhook(http, INBOUND, forgedParams, forged);

        assertThat(signedWithNew.status()).isEqualTo(200);
        assertThat(signedWithNeither.status()).isEqualTo(403);
        assertThat(messages()).isEqualTo(2);
    }

    @Test
    void aNumberOfNoLocationOrAnotherAccountIs403() {
        Map<String, String> otherNumber = clinic.inbound("SMx1", TestTenant.uniqueNumber(), "x");
        otherNumber.put("To", TestTenant.uniqueNumber());
        Map<String, String> otherAccount = clinic.inbound("SMx2", TestTenant.uniqueNumber(), "x");
        otherAccount.put("AccountSid", "AC" + "f".repeat(32));

        assertThat(clinic.webhook(http, INBOUND, otherNumber).status()).isEqualTo(403);
        assertThat(clinic.webhook(http, INBOUND, otherAccount).status()).isEqualTo(403);
        assertThat(messages()).isZero();
    }

    @Test
    void theSameMessageSidTwiceStoresOneMessageAndCountsItOnce() {
        Map<String, String> params = clinic.inbound("SMtwice", TestTenant.uniqueNumber(), "hello");

        clinic.webhook(http, INBOUND, params);
        clinic.webhook(http, INBOUND, params);

        assertThat(messages()).isEqualTo(1);
        assertThat(conversations().get(0).get("unread_count").asInt()).isEqualTo(1);
        assertThat(conversations().get(0).get("message_count").asInt()).isEqualTo(1);
    }

    @Test
    void theSameMessageSidConcurrentlyStoresOneMessageBumpsCountersOnceAndEmitsOneEvent() throws Exception {
        Map<String, String> params = clinic.inbound("SMrace" + System.nanoTime(), TestTenant.uniqueNumber(), "race");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Http.Response>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(() -> clinic.webhook(http, INBOUND, params));
            }
            for (Future<Http.Response> answer : pool.invokeAll(calls)) {
                assertThat(answer.get().status()).isEqualTo(200);
            }
        } finally {
            pool.shutdown();
        }

        assertThat(messages()).isEqualTo(1);
        JsonNode conversation = conversations().get(0);
        assertThat(conversation.get("unread_count").asInt()).isEqualTo(1);
        assertThat(conversation.get("message_count").asInt()).isEqualTo(1);
        assertThat(events.recordedFor(conversation.get("last_message").get("id").asLong())).isEqualTo(1);
    }

    @Test
    void aRepeatStoredWhileTheWebhookWaitsIsFoundOnASecondTryAndCountedOnce() throws Exception {
        String from = TestTenant.uniqueNumber();
        clinic.webhook(http, INBOUND, clinic.inbound("SMfirst" + System.nanoTime(), from, "first"));
        long conversation = conversations().get(0).get("id").asLong();
        String sid = "SMheld" + System.nanoTime();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection other = dataSource.getConnection()) {
            // Another request is storing the same message: it holds the conversation and has inserted the message.
            other.setAutoCommit(false);
            try (Statement sql = other.createStatement()) {
                sql.execute("select 1 from conversation where tenant_id = " + clinic.tenant().id()
                        + " and conversation_id = " + conversation + " for update");
                sql.execute("insert into message (tenant_id, conversation_id, location_id, channel, direction, body,"
                        + " from_address, to_address, status, provider, provider_message_id, occurred_at)"
                        + " select tenant_id, conversation_id, location_id, 'sms', 'inbound', 'second', counterpart, '+1',"
                        + " 'received', 'twilio', '" + sid + "', now() from conversation where conversation_id = " + conversation);
            }
            Future<Http.Response> repeat = pool.submit(() -> clinic.webhook(http, INBOUND, clinic.inbound(sid, from, "second")));
            awaitLockWait();
            other.commit();

            assertThat(repeat.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
        } finally {
            pool.shutdownNow();
        }
        assertThat(messages()).isEqualTo(2);
        // The other request's insert counted nothing (it stands for a transaction that counts as it commits), and
        // the repeat counted nothing either: the counters still show the first message alone.
        JsonNode counted = conversations().get(0);
        assertThat(counted.get("message_count").asInt()).isEqualTo(1);
        assertThat(counted.get("unread_count").asInt()).isEqualTo(1);
        assertThat(counted.get("last_message").get("body").asString()).isEqualTo("first");
    }

    @Test
    void anInboundMessageIsTwoStatementsInAConversationThatExistsAndFourWhenItStartsOne() {
        // One webhook first, so that the tenant's Twilio settings are read (and kept for a while) outside the counts.
        clinic.webhook(http, INBOUND, clinic.inbound("SMs0" + System.nanoTime(), TestTenant.uniqueNumber(), "zero"));
        String from = TestTenant.uniqueNumber();
        String starts = UUID.randomUUID().toString();
        String continues = UUID.randomUUID().toString();

        assertThat(clinic.taggedWebhook(http, INBOUND, clinic.inbound("SMs1" + System.nanoTime(), from, "one"), starts)
                .status()).isEqualTo(200);
        List<String> renderedByJooq = sql.statementsDuring(() -> assertThat(clinic.taggedWebhook(http, INBOUND,
                clinic.inbound("SMs2" + System.nanoTime(), from, "two"), continues).status()).isEqualTo(200));

        // The location by its number, then the message with its conversation, counters and history line; a new
        // conversation adds its address held and its consent copied (docs/adr/0014).
        assertThat(queries.sqlFor(starts)).as(String.join("\n", queries.sqlFor(starts))).hasSize(4);
        assertThat(queries.sqlFor(continues)).as(String.join("\n", queries.sqlFor(continues))).hasSize(2);
        // The location's lookup and the message's statement run SQL rendered once (docs/adr/0026, 0033).
        assertThat(renderedByJooq).isEmpty();
        JsonNode conversation = conversations().stream().filter(c -> c.get("counterpart").asString().equals(from))
                .findFirst().orElseThrow();
        assertThat(conversation.get("message_count").asInt()).isEqualTo(2);
        assertThat(conversation.get("unread_count").asInt()).isEqualTo(2);
        assertThat(conversation.get("last_message").get("body").asString()).isEqualTo("two");
        assertThat(message(conversation.get("last_message").get("id").asLong()).get("status_history")
                .findValuesAsString("status")).containsExactly("received");
    }

    @Test
    void mmsMediaBecomeAttachmentsAndUnknownParametersAreTolerated() {
        Map<String, String> params = clinic.inbound("SMmms", TestTenant.uniqueNumber(), "Here is the rash");
        params.put("NumMedia", "2");
        params.put("MediaUrl0", "https://api.twilio.com/2010-04-01/Accounts/AC/Messages/MM/Media/ME1");
        params.put("MediaContentType0", "image/jpeg");
        params.put("MediaUrl1", "https://api.twilio.com/2010-04-01/Accounts/AC/Messages/MM/Media/ME2");
        params.put("MediaContentType1", "image/png");
        params.put("FromCity", "SEATTLE");
        params.put("SomethingTwilioAddsNextYear", "whatever");

        assertThat(clinic.webhook(http, INBOUND, params).status()).isEqualTo(200);

        JsonNode attachments = conversations().get(0).get("last_message").get("attachments");
        assertThat(attachments.findValuesAsString("content_type")).containsExactly("image/jpeg", "image/png");
        assertThat(attachments.get(0).get("url").asString()).endsWith("/Media/ME1");
        assertThat(attachments.get(0).get("kind").asString()).isEqualTo("media");
    }

    @Test
    void statusCallbacksMoveOnlyForwardAndEveryChangeIsInTheHistory() {
        long id = clinic.tenant().sendSms(TestTenant.uniqueNumber(), "status please").json().get("id").asLong();
        worker.runDue();
        String sid = message(id).get("provider_message_id").asString();
        String callback = "/webhooks/twilio/status?tenant=" + clinic.tenant().id() + "&message=" + id;

        for (String status : List.of("sent", "delivered", "sent", "queued")) {
            Http.Response response = clinic.webhook(http, callback, Map.of("MessageSid", sid, "MessageStatus", status,
                    "AccountSid", clinic.accountSid(), "SmsSid", sid, "ApiVersion", "2010-04-01"));
            assertThat(response.status()).isEqualTo(200);
        }

        JsonNode message = message(id);
        assertThat(message.get("status").asString()).isEqualTo("delivered");
        assertThat(message.get("status_history").findValuesAsString("status"))
                .containsSubsequence("queued", "sending", "sent", "delivered")
                .filteredOn("sent"::equals).hasSize(1);
    }

    @Test
    void aReportIsOneReadAndOneStatementAndOneTheMessageHasPassedIsOneRead() {
        long id = clinic.tenant().sendSms(TestTenant.uniqueNumber(), "delivered twice").json().get("id").asLong();
        worker.runDue();
        String sid = message(id).get("provider_message_id").asString();
        String callback = "/webhooks/twilio/status?tenant=" + clinic.tenant().id() + "&message=" + id;
        Map<String, List<String>> ran = new LinkedHashMap<>();
        List<String> renderedByJooq = new ArrayList<>();

        for (String status : List.of("delivered", "delivered", "sent")) {
            String tag = UUID.randomUUID().toString();
            renderedByJooq.addAll(sql.statementsDuring(() -> assertThat(clinic.taggedWebhook(http, callback,
                    Map.of("MessageSid", sid, "MessageStatus", status, "AccountSid", clinic.accountSid()), tag)
                    .status()).isEqualTo(200)));
            ran.put(status + " " + ran.size(), queries.sqlFor(tag));
        }

        // The message is found by its provider id, then moved and its history written by one statement, without a
        // lock taken beforehand (the tenant's Twilio settings are read once, on the first report). Both statements
        // run SQL rendered once (docs/adr/0033).
        assertThat(ran.get("delivered 0")).filteredOn(s -> !s.contains("sms_channel")).hasSize(2)
                .noneMatch(s -> s.contains("for update")).anyMatch(s -> s.startsWith("with moved as (\n  update message"));
        assertThat(ran.get("delivered 1")).hasSize(1).noneMatch(s -> s.contains("for update"));
        assertThat(ran.get("sent 2")).hasSize(1).noneMatch(s -> s.contains("for update"));
        assertThat(renderedByJooq).noneMatch(s -> !s.contains("sms_channel"));
        JsonNode message = message(id);
        assertThat(message.get("status").asString()).isEqualTo("delivered");
        assertThat(message.get("status_history").findValuesAsString("status")).filteredOn("delivered"::equals).hasSize(1);
    }

    @Test
    void anUndeliveredCallbackKeepsTheErrorCode() {
        long id = clinic.tenant().sendSms(TestTenant.uniqueNumber(), "to a dead phone").json().get("id").asLong();
        worker.runDue();
        String sid = message(id).get("provider_message_id").asString();

        clinic.webhook(http, "/webhooks/twilio/status?tenant=" + clinic.tenant().id() + "&message=" + id,
                Map.of("MessageSid", sid, "MessageStatus", "undelivered", "ErrorCode", "30003", "AccountSid", clinic.accountSid()));

        JsonNode message = message(id);
        assertThat(message.get("status").asString()).isEqualTo("undelivered");
        assertThat(message.get("error_code").asString()).isEqualTo("30003");
        assertThat(message.get("error_reason").asString()).isEqualTo("Unreachable destination handset");
    }

    @Test
    void anUnsignedStatusCallbackIs403AndChangesNothing() {
        long id = clinic.tenant().sendSms(TestTenant.uniqueNumber(), "x").json().get("id").asLong();
        worker.runDue();
        String sid = message(id).get("provider_message_id").asString();

        Http.Response forged = clinic.webhook(http, "/webhooks/twilio/status?tenant=" + clinic.tenant().id(),
                Map.of("MessageSid", sid, "MessageStatus", "delivered"), "Zm9yZ2Vk");

        assertThat(forged.status()).isEqualTo(403);
        assertThat(message(id).get("status").asString()).isEqualTo("sending");
    }

    private List<JsonNode> conversations() {
        return http.get("/api/v1/conversations", clinic.tenant().token()).json().get("items").valueStream().toList();
    }

    private JsonNode message(long id) {
        return http.get("/api/v1/messages/" + id, clinic.tenant().token()).json();
    }

    /** Waits until a statement of another session waits for a lock (the webhook, on the held conversation). */
    private void awaitLockWait() throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            if (db.fetchCount(db.selectFrom("pg_stat_activity").where("wait_event_type = 'Lock'")) > 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the webhook never waited for the held conversation");
    }

    private int messages() {
        return db.fetchCount(db.selectFrom("message").where("tenant_id = ?", clinic.tenant().id()));
    }
}
