package dev.parley.dialects.medchat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.conversations.Conversations;
import dev.parley.testing.Http;
import dev.parley.testing.Inbound;
import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.QueryCounter;
import dev.parley.testing.TestTenant;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@ParleyIntegrationTest
class MedChatTest {

    @LocalServerPort
    int port;

    @Autowired
    Conversations conversations;

    @Autowired
    DSLContext db;

    @Value("${parley.max-request-bytes}")
    long maxRequestBytes;

    @Autowired
    QueryCounter queries;

    Http http;
    TestTenant org;
    String base;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        org = TestTenant.create(http);
        base = "/smschatapi/external/orgs/" + org.id();
    }

    @Test
    void aChatIsAnSmsConversationInMedChatsShape() {
        String phone = TestTenant.uniqueNumber();
        org.client("Jane", "Smith", phone);
        long id = Inbound.sms(conversations, org, phone, "Hello").conversationId();

        JsonNode chat = chats("").get(0);

        assertThat(chat.get("id").asLong()).isEqualTo(id);
        assertThat(chat.get("status").asString()).isEqualTo("Active");
        assertThat(chat.get("userPhoneNumber").asString()).isEqualTo(phone.substring(2));
        assertThat(chat.get("orgPhoneNumber").asString()).isEqualTo(org.smsNumber().substring(2));
        assertThat(chat.get("name").asString()).isEqualTo("Jane Smith");
        assertThat(Instant.parse(chat.get("createdDateTime").asString())).isBefore(Instant.now().plusSeconds(1));
        assertThat(chat.has("messages")).isFalse();
        assertThat(chat.propertyNames()).containsExactly("id", "createdDateTime", "updatedDateTime", "lastMessageDateTime",
                "status", "userPhoneNumber", "name", "orgPhoneNumber");
    }

    @Test
    void everyExampleUrlOfTheDocumentWorksAsWritten() {
        String phone = "+1" + "123456" + TestTenant.uniqueNumber().substring(8);
        org.client("Jane", "Doe", phone);
        Inbound.sms(conversations, org, phone, "Hi");
        String digits = phone.substring(2);
        db.execute("update conversation set created_at = '2022-10-25T22:00:00Z' where tenant_id = ?", org.id());

        assertThat(get("?$filter=CreatedDateTime ge 2022-10-25T21:00:00Z")).hasSize(1);
        assertThat(get("?$filter=CreatedDateTime%20ge%202022-10-25T21:00:00Z")).hasSize(1);
        assertThat(get("?$filter=CreatedDateTime+gt+2022-10-25T12:00:00Z")).hasSize(1);
        assertThat(get("?$filter=CreatedDateTime lt 2022-10-25T12:00:00Z")).isEmpty();
        assertThat(get("?$filter=CreatedDateTime le 2022-10-25T12:00:00Z")).isEmpty();
        assertThat(get("?$filter=userphonenumber eq '" + digits + "'")).hasSize(1);
        assertThat(get("?$filter=userphonenumber ne '" + digits + "'")).isEmpty();
        assertThat(get("?$filter=CreatedDateTime ge 2022-10-25T12:00:00Z and CreatedDateTime le 2022-10-26T12:00:00Z")).hasSize(1);
        assertThat(get("?$filter=Status eq 'Subscribed' or Status eq 'Active'")).hasSize(1);
        assertThat(get("?$filter=startswith(name, 'Jane')")).hasSize(1);
        assertThat(get("?$filter=endswith(name, 'Smith')")).isEmpty();
        assertThat(get("?$filter=CreatedDateTime ge 2022-10-25T00:00:00Z and CreatedDateTime lt 2022-10-26T00:00:00Z"
                + " and (status eq 'Subscribed' or Status eq 'Ended')")).isEmpty();
        assertThat(get("?$expand=Messages,Memberships").get(0).has("memberships")).isTrue();
        assertThat(get("?$filter=CreatedDateTime ge 2022-10-25T00:00:00Z and CreatedDateTime lt 2022-10-26T00:00:00Z"
                + "&$orderby=CreatedDateTime desc")).hasSize(1);
        assertThat(get("?$orderby=CreatedDateTime desc&$top=10")).hasSize(1);
        assertThat(get("?$filter=CreatedDateTime ge 2022-10-25T00:00:00Z&$orderby=CreatedDateTime&$top=20&$skip=10")).isEmpty();
    }

    @Test
    void statusFollowsTheConversationAndTheNumbersConsent() {
        String active = TestTenant.uniqueNumber();
        long activeId = Inbound.sms(conversations, org, active, "hi").conversationId();
        String ended = TestTenant.uniqueNumber();
        long endedId = Inbound.sms(conversations, org, ended, "bye").conversationId();
        http.patch("/api/v1/conversations/" + endedId, org.token(), Map.of("status", "resolved"));
        String pending = TestTenant.uniqueNumber();
        long pendingId = Inbound.sms(conversations, org, pending, "later").conversationId();
        http.patch("/api/v1/conversations/" + pendingId, org.token(), Map.of("status", "pending"));
        String stopped = TestTenant.uniqueNumber();
        http.post("/api/v1/simulator/inbound", org.token(), Map.of("from", stopped, "to", org.smsNumber(), "body", "STOP"));

        assertThat(ids("?$filter=Status eq 'Active'")).containsExactly(activeId);
        assertThat(ids("?$filter=Status eq 'Ended'")).containsExactly(endedId);
        assertThat(ids("?$filter=Status eq 'Subscribed'")).containsExactly(pendingId);
        assertThat(chats("?$filter=Status eq 'Unsubscribed'").get(0).get("userPhoneNumber").asString())
                .isEqualTo(stopped.substring(2));
    }

    @Test
    void orderByAscendingAndDescendingWithTopAndSkip() {
        for (int i = 0; i < 5; i++) {
            Inbound.sms(conversations, org, TestTenant.uniqueNumber(), "m" + i);
        }
        List<Long> ascending = ids("?$orderby=Id asc");
        List<Long> descending = ids("?$orderby=id DESC");

        assertThat(ascending).isSorted().hasSize(5);
        List<Long> reversed = new java.util.ArrayList<>(ascending);
        java.util.Collections.reverse(reversed);
        assertThat(descending).containsExactlyElementsOf(reversed);
        assertThat(ids("?$orderby=Id&$top=2&$skip=1")).containsExactlyElementsOf(ascending.subList(1, 3));
        assertThat(ids("?$top=0")).isEmpty();
    }

    @Test
    void queryOptionsAreReadInAnyCase() {
        for (int i = 0; i < 3; i++) {
            Inbound.sms(conversations, org, TestTenant.uniqueNumber(), "m" + i);
        }
        List<Long> ascending = ids("?$orderby=Id asc");

        assertThat(ids("?$OrderBy=Id desc&$TOP=2")).containsExactly(ascending.get(2), ascending.get(1));
        assertThat(ids("?$FILTER=Id eq " + ascending.get(0) + "&$Skip=0")).containsExactly(ascending.get(0));
    }

    @Test
    void aPageOfChatsWithTheirNamesAndNumbersIsOneStatement() {
        String known = TestTenant.uniqueNumber();
        org.client("Ada", "Lovelace", known);
        Inbound.sms(conversations, org, known, "Hi");
        Inbound.sms(conversations, org, TestTenant.uniqueNumber(), "Who is this?");

        List<JsonNode> page = get("?$orderby=LastMessageDateTime desc&$top=2", "medchat-page");

        assertThat(page).extracting(chat -> chat.get("name").isNull() ? null : chat.get("name").asString())
                .containsExactly(null, "Ada Lovelace");
        assertThat(page).allSatisfy(chat -> assertThat(chat.get("orgPhoneNumber").asString())
                .isEqualTo(org.smsNumber().substring(2)));
        assertThat(queries.statementsFor("medchat-page")).isEqualTo(1);
    }

    @Test
    void expansionsCarryMessagesMembershipsAndTextBotExecutions() {
        long staff = http.post("/api/v1/staff", org.token(), Map.of("name", "Dr. Reyes")).json().get("id").asLong();
        String phone = TestTenant.uniqueNumber();
        long chat = Inbound.sms(conversations, org, phone, "Is Luna ready?").conversationId();
        http.post("/api/v1/messages", org.token(), Map.of("location_id", org.locationId(), "channel", "sms", "to", phone,
                "body", "Yes, come by", "sent_by", staff));
        http.patch("/api/v1/conversations/" + chat, org.token(), Map.of("assignee_id", staff));
        db.execute("insert into text_bot_execution (tenant_id, conversation_id, bot_name, started_at, finished_at, outcome)"
                + " values (?, ?, 'after-hours', now(), now(), 'completed')", org.id(), chat);

        JsonNode expanded = chats("?$expand=messages,MEMBERSHIPS,TextBotExecutions").get(0);

        assertThat(expanded.get("messages").findValuesAsString("text")).containsExactly("Is Luna ready?", "Yes, come by");
        assertThat(expanded.get("messages").get(0).get("direction").asString()).isEqualTo("Inbound");
        assertThat(expanded.get("memberships").findValuesAsString("role")).containsExactlyInAnyOrder("Assignee", "Participant");
        assertThat(expanded.get("memberships").get(0).get("name").asString()).isEqualTo("Dr. Reyes");
        assertThat(expanded.get("textBotExecutions").get(0).get("textBotName").asString()).isEqualTo("after-hours");
    }

    @Test
    void expansionsRunABoundedNumberOfStatementsWhateverTheTop() {
        for (int i = 0; i < 12; i++) {
            String phone = TestTenant.uniqueNumber();
            Inbound.sms(conversations, org, phone, "a" + i);
            org.sendSms(phone, "b" + i);
        }
        String expand = "&$expand=Messages,Memberships,TextBotExecutions";

        get("?$top=1" + expand, "medchat-expand-1");
        get("?$top=12" + expand, "medchat-expand-12");
        int forOne = queries.statementsFor("medchat-expand-1");
        int forTwelve = queries.statementsFor("medchat-expand-12");

        assertThat(forOne).isPositive();
        assertThat(forTwelve).isEqualTo(forOne);
    }

    @Test
    void badOptionsAnswer400InTheODataShapeNamingTokenAndPosition() {
        assertBad("?$filter=Nonsense eq 1", "$filter", "'Nonsense'");
        assertBad("?$filter=CreatedDateTime eq 'yesterday'", "$filter", "position 19");
        assertBad("?$filter=Status gt", "$filter", "ends where");
        assertBad("?$filter=substringof('x', Name)", "$filter", "position");
        assertBad("?$orderby=Colour desc", "$orderby", "'Colour'");
        assertBad("?$top=1001", "$top", "between 0 and 1000");
        assertBad("?$top=ten", "$top", "whole number");
        assertBad("?$skip=-1", "$skip", "between");
        assertBad("?$expand=Payments", "$expand", "'Payments'");
        assertBad("?$select=Name", "$select", "not a supported query option");
        assertBad("?$filter=Name eq 'Ann%00'", "$filter", "U+0000");
    }

    @Test
    void scopesOrganisationsAndVersionsAreEnforced() {
        String reader = org.tokenWith("read.sms_chats");
        String plainRead = org.tokenWith("read");
        String otherOrg = "/smschatapi/external/orgs/" + TestTenant.create(http).id() + "/smsChats";

        assertThat(http.get(base + "/smsChats", reader).status()).isEqualTo(200);
        assertThat(http.get(base + "/smsChats", plainRead).status()).isEqualTo(403);
        assertThat(http.get(base + "/smsChats", null).status()).isEqualTo(401);
        Http.Response foreign = http.get(otherOrg, org.token());
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.json().get("error").get("code").asString()).isEqualTo("NotFound");
        assertThat(http.get("/smschatapi/external/orgs/abc/smsChats", org.token()).status()).isEqualTo(404);
        assertThat(http.send("GET", base + "/smsChats", reader, null,
                Map.of("Accept", "application/vnd.medchat+json;v=1.0")).status()).isEqualTo(200);
        assertThat(http.send("GET", base + "/smsChats", reader, null,
                Map.of("Accept", "application/vnd.medchat+json;v=1.0")).header("content-type")).contains("vnd.medchat+json");
        Http.Response v2 = http.send("GET", base + "/smsChats", reader, null, Map.of("Accept", "application/vnd.medchat+json;v=2.0"));
        assertThat(v2.status()).isEqualTo(406);
        assertThat(http.post(base + "/smsMessages", reader, Map.of("text", "x", "recipientPhoneNumber", "5555550123")).status())
                .isEqualTo(403);
    }

    @Test
    void anotherOrgsChatsNeverAppear() {
        TestTenant other = TestTenant.create(http);
        Inbound.sms(conversations, other, TestTenant.uniqueNumber(), "theirs");

        assertThat(chats("")).isEmpty();
        assertThat(chats("?$filter=Id ge 0")).isEmpty();
    }

    @Test
    void sendingCreatesTheChatAndNamesAnUnknownRecipient() {
        String to = TestTenant.uniqueNumber();
        String sender = org.tokenWith("send.sms_message", "read.sms_chats");

        Http.Response sent = http.post(base + "/smsMessages", sender, Map.of("text", "Your pet is ready",
                "recipientPhoneNumber", to.substring(2), "name", "Mary Jones", "senderPhoneNumber", org.smsNumber()));

        assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
        assertThat(sent.json().get("status").asString()).isEqualTo("queued");
        JsonNode chat = http.get(base + "/smsChats?$expand=Messages", sender).json().get(0);
        assertThat(chat.get("id").asLong()).isEqualTo(sent.json().get("smsChatId").asLong());
        assertThat(chat.get("name").asString()).isEqualTo("Mary Jones");
        assertThat(chat.get("messages").get(0).get("text").asString()).isEqualTo("Your pet is ready");
    }

    @Test
    void badSendsAreNamedAndWriteNothing() {
        String sender = org.tokenWith("send.sms_message");
        Http.Response badPhone = http.post(base + "/smsMessages", sender, Map.of("text", "x", "recipientPhoneNumber", "call me"));
        Http.Response noText = http.post(base + "/smsMessages", sender, Map.of("recipientPhoneNumber", TestTenant.uniqueNumber()));
        Http.Response wrongSender = http.post(base + "/smsMessages", sender, Map.of("text", "x",
                "recipientPhoneNumber", TestTenant.uniqueNumber(), "senderPhoneNumber", TestTenant.uniqueNumber()));

        assertThat(badPhone.json().get("error").get("target").asString()).isEqualTo("recipientPhoneNumber");
        Http.Response nul = http.post(base + "/smsMessages", sender, Map.of("text", "Results\u0000",
                "recipientPhoneNumber", TestTenant.uniqueNumber()));

        assertThat(noText.json().get("error").get("target").asString()).isEqualTo("body");
        assertThat(wrongSender.json().get("error").get("target").asString()).isEqualTo("senderPhoneNumber");
        assertThat(nul.json().get("error").get("target").asString()).isEqualTo("text");
        assertThat(nul.json().get("error").get("message").asString()).contains("U+0000");
        assertThat(List.of(badPhone.status(), noText.status(), wrongSender.status(), nul.status())).containsOnly(400);
        assertThat(db.fetchCount(db.selectFrom("message").where("tenant_id = ?", org.id()))).isZero();
    }

    @Test
    void aSendPastTheLimitWithoutALengthAnswers413InTheODataShapeAndWritesNothing() {
        String sender = org.tokenWith("send.sms_message");
        String body = "{\"text\":\"" + "x".repeat((int) maxRequestBytes) + "\",\"recipientPhoneNumber\":\""
                + TestTenant.uniqueNumber() + "\"}";

        Http.Response tooLarge = http.postWithoutLength(base + "/smsMessages", sender, "application/json",
                body.getBytes(StandardCharsets.UTF_8));

        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.json().get("error").get("code").asString()).isEqualTo("ContentTooLarge");
        assertThat(tooLarge.json().get("error").get("message").asString())
                .isEqualTo("The request body is larger than " + maxRequestBytes + " bytes");
        assertThat(db.fetchCount(db.selectFrom("message").where("tenant_id = ?", org.id()))).isZero();
    }

    private void assertBad(String query, String target, String words) {
        Http.Response response = http.get(base + "/smsChats" + encode(query), org.token());
        assertThat(response.status()).as(query + " -> " + response).isEqualTo(400);
        assertThat(response.json().get("error").get("target").asString()).isEqualTo(target);
        assertThat(response.json().get("error").get("message").asString()).contains(words);
        assertThat(response.json().get("error").get("code").asString()).isEqualTo("BadRequest");
    }

    private List<Long> ids(String query) {
        return get(query).stream().map(c -> c.get("id").asLong()).toList();
    }

    private List<JsonNode> chats(String query) {
        return get(query);
    }

    private List<JsonNode> get(String query) {
        return get(query, null);
    }

    /** A chats request; with a tag, {@link QueryCounter} counts the statements that serving it ran. */
    private List<JsonNode> get(String query, String tag) {
        Http.Response response = http.send("GET", base + "/smsChats" + encode(query), org.token(), null,
                tag == null ? Map.of() : Map.of(QueryCounter.HEADER, tag));
        assertThat(response.status()).as(query + " -> " + response).isEqualTo(200);
        return response.json().valueStream().toList();
    }

    /** Encodes what a browser or curl would: spaces, quotes and dollar signs; an already-encoded query passes through. */
    private static String encode(String query) {
        return query.replace(" ", "%20").replace("'", "%27").replace("$", "%24");
    }
}
