package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.conversations.Channel;
import dev.parley.conversations.Conversations;
import dev.parley.conversations.Direction;
import dev.parley.conversations.MessageStatus;
import dev.parley.conversations.NewMessage;
import dev.parley.testing.Http;
import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.QueryCounter;
import dev.parley.testing.TestTenant;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The benchmark's raw twins of the inbox's and the dialects' reads run the very statements Parley runs for them. */
@ParleyIntegrationTest
class AppStatementsTest {

    @LocalServerPort
    int port;

    @Autowired
    Conversations conversations;

    @Autowired
    QueryCounter queries;

    Http http;
    TestTenant clinic;
    long conversation;

    @BeforeEach
    void threeClientsWhoWrote() {
        http = new Http(port);
        clinic = TestTenant.create(http);
        for (int i = 0; i < 3; i++) {
            String phone = TestTenant.uniqueNumber();
            clinic.client("Client", "No" + i, phone);
            for (int m = 0; m < 3; m++) {
                conversation = conversations.record(clinic.tenantId(), new NewMessage(clinic.locationId(), Channel.SMS,
                        Direction.INBOUND, phone, clinic.smsNumber(), null, false, "hello " + m, null,
                        MessageStatus.RECEIVED, Instant.parse("2024-05-01T09:00:00Z").plusSeconds(i * 10L + m), null, null,
                        "test", null, List.of())).conversationId();
            }
        }
    }

    @Test
    void theListTwinsAreTheListRequestsStatements() {
        JsonNode first = http.get("/api/v1/conversations?limit=2", clinic.token()).json();
        String cursor = first.get("next_cursor").asString();

        assertSameStatements(statementsOf("/api/v1/conversations?limit=2"), AppStatements.listFirst(3));
        assertSameStatements(statementsOf("/api/v1/conversations?limit=2&cursor=" + cursor), AppStatements.listAfter(3));
    }

    @Test
    void theThreadTwinsAreTheThreadRequestsStatements() {
        String path = "/api/v1/conversations/" + conversation + "/messages?limit=1";
        String before = http.get(path, clinic.token()).json().get("next_cursor").asString();

        assertSameStatements(statementsOf(path), AppStatements.threadFirst(2));
        assertSameStatements(statementsOf(path + "&before=" + before), AppStatements.threadBefore(2));
    }

    @Test
    void theMedChatTwinsAreTheChatListsStatements() {
        String filter = java.net.URLEncoder.encode("Status eq 'Active' and LastMessageDateTime ge 2024-04-30T00:00:00Z",
                java.nio.charset.StandardCharsets.UTF_8);
        assertSameStatements(statementsOf("/smschatapi/external/orgs/" + clinic.id() + "/smsChats?%24filter=" + filter
                + "&%24orderby=LastMessageDateTime%20desc&%24top=25"), AppStatements.MEDCHAT_CHATS);
    }

    @Test
    void theVetPortalTwinsAreTheClientListsStatements() {
        String unknown = TestTenant.uniqueNumber();
        conversations.record(clinic.tenantId(), new NewMessage(clinic.locationId(), Channel.SMS, Direction.INBOUND, unknown,
                clinic.smsNumber(), null, false, "who is this?", null, MessageStatus.RECEIVED,
                Instant.parse("2024-05-01T10:00:00Z"), null, null, "test", null, List.of()));

        assertSameStatements(statementsOf("/partners/clients?%24top=10"), AppStatements.CLIENT_WALK,
                AppStatements.CLIENTS_UNREAD, AppStatements.LAST_MESSAGES, AppStatements.CONTACT_CARDS);
    }

    /**
     * A CareHQ list looks its credential up once; after that it begins with the admission of its nonce, which the
     * twin runs as written, then the repeatable-read transaction the app opens for its count and page, planned once.
     */
    @Test
    void theCareHqTwinBeginsAsTheSignedListBegins() throws Exception {
        JsonNode issued = http.post("/api/v1/credentials/carehq", clinic.token(), Map.of("name", "bench")).json();
        String firstTag = UUID.randomUUID().toString();
        String secondTag = UUID.randomUUID().toString();

        assertThat(signedList(issued, firstTag).status()).isEqualTo(200);
        Http.Response second = signedList(issued, secondTag);

        assertThat(second.status()).as(second.toString()).isEqualTo(200);
        assertThat(queries.sqlFor(firstTag)).startsWith(AppStatements.CAREHQ_CREDENTIAL, AppStatements.CAREHQ_ADMIT);
        assertThat(queries.sqlFor(secondTag)).startsWith(AppStatements.CAREHQ_ADMIT, AppStatements.CAREHQ_SNAPSHOT);
    }

    /**
     * CareHQ's list as the bench asks for it (replies on SMS since a day, newest first, 25 to a page, no attributes
     * named) counts the day counters and reads a page of ids, in its snapshot: the twin's two statements.
     */
    @Test
    void theCareHqTwinCountsAndPagesAsTheBenchsListDoes() throws Exception {
        JsonNode issued = http.post("/api/v1/credentials/carehq", clinic.token(), Map.of("name", "bench")).json();
        String tag = UUID.randomUUID().toString();

        Http.Response list = signedList(issued, tag, List.of("filters-channel=sms", "filters-direction=inbound",
                "filters-start_date=2024-05-01", "per_page=25", "sort_by=-date_time"));

        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        assertThat(list.json().get("items")).hasSize(9);
        List<String> statements = queries.sqlFor(tag);
        assertSameStatements(statements.subList(statements.indexOf(AppStatements.CAREHQ_SNAPSHOT) + 1,
                statements.size()), AppStatements.CAREHQ_DAY_COUNT, AppStatements.CAREHQ_IDS_PAGE);
    }

    private Http.Response signedList(JsonNode issued, String tag) throws Exception {
        return signedList(issued, tag, List.of("filters-channel=sms"));
    }

    /** {@code GET /v1/messages} with these parameters, in their canonical order, signed, its statements tagged. */
    private Http.Response signedList(JsonNode issued, String tag, List<String> parameters) throws Exception {
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        String nonce = UUID.randomUUID().toString();
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(issued.get("api_secret").asString().getBytes(StandardCharsets.UTF_8),
                "HmacSHA256"));
        String signature = java.util.HexFormat.of().formatHex(mac.doFinal((timestamp + "\n" + nonce
                + "\nGET\n/v1/messages\n" + String.join("\n", parameters)).getBytes(StandardCharsets.UTF_8)));
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        headers.put("X-CareHQ-AccountId", issued.get("account_id").asString());
        headers.put("X-CareHQ-APIKey", issued.get("api_key").asString());
        headers.put("X-CareHQ-Timestamp", timestamp);
        headers.put("X-CareHQ-Nonce", nonce);
        headers.put("X-CareHQ-Signature", signature);
        headers.put("X-CareHQ-Signature-Version", "2.0");
        headers.put(QueryCounter.HEADER, tag);
        return http.send("GET", "/v1/messages?" + String.join("&", parameters), null, null, headers);
    }

    @Test
    void theUnreadTwinIsTheUnreadTotalsStatement() {
        assertSameStatements(statementsOf("/api/v1/unread"), AppStatements.UNREAD_TOTALS);
    }

    /** One by one, so that a difference shows where the two texts part. */
    private static void assertSameStatements(List<String> actual, String... twins) {
        assertThat(actual).hasSameSizeAs(twins);
        for (int i = 0; i < twins.length; i++) {
            assertThat(actual.get(i)).as("statement %d", i + 1).isEqualTo(twins[i]);
        }
    }

    private List<String> statementsOf(String path) {
        // A request just before, so that the token is verified (and trusted for a while) outside the record.
        assertThat(http.get("/api/v1/unread", clinic.token()).status()).isEqualTo(200);
        String tag = UUID.randomUUID().toString();
        Http.Response response = http.send("GET", path, clinic.token(), null, Map.of(QueryCounter.HEADER, tag));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return queries.sqlFor(tag);
    }
}
