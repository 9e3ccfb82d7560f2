package dev.parley.dialects.vetportal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.conversations.Conversations;
import dev.parley.testing.Http;
import dev.parley.testing.Inbound;
import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.QueryCounter;
import dev.parley.testing.TestTenant;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@ParleyIntegrationTest
class VetPortalTest {

    @LocalServerPort
    int port;

    @Autowired
    Conversations conversations;

    @Autowired
    DSLContext db;

    @Autowired
    QueryCounter queries;

    @Autowired
    dev.parley.delivery.MessageSender sender;

    Http http;
    TestTenant clinic;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        clinic = TestTenant.create(http);
    }

    @Test
    void clientsAreListedByTheirLatestSmsWithUnknownNumbersAsIdNull() {
        String ericPhone = "+1555" + TestTenant.uniqueNumber().substring(5);
        long eric = http.post("/api/v1/contacts", clinic.token(), Map.of("kind", "client", "first_name", "Eric",
                "last_name", "Choi", "email", "echoi@example.com", "phones", List.of(ericPhone),
                "pets", List.of(Map.of("name", "Glumpy", "deceased", false), Map.of("name", "Pumpkin", "deceased", true))))
                .json().get("id").asLong();
        String stranger = TestTenant.uniqueNumber();
        Inbound.sms(conversations, clinic, stranger, "I'm bringing in a kitten today", Instant.parse("2020-06-28T05:20:00Z"));
        Inbound.sms(conversations, clinic, ericPhone, "Are you here yet?", Instant.parse("2020-06-28T05:23:32Z"));
        http.post("/api/v1/conversations/" + list().get(1).get("id").asLong() + "/read", clinic.token(), null);

        JsonNode rows = get("/partners/clients");

        assertThat(rows.size()).isEqualTo(2);
        JsonNode first = rows.get(0);
        assertThat(first.get("id").asLong()).isEqualTo(eric);
        assertThat(first.get("email").asString()).isEqualTo("echoi@example.com");
        assertThat(first.get("phone").asString()).isEqualTo(new dev.parley.addresses.PhoneNumber(ericPhone).national());
        assertThat(first.get("first_name").asString()).isEqualTo("Eric");
        assertThat(first.get("pets").toString()).isEqualTo("[{\"name\":\"Glumpy\",\"deceased\":false},"
                + "{\"name\":\"Pumpkin\",\"deceased\":true}]");
        assertThat(first.get("message_body").asString()).isEqualTo("Are you here yet?");
        assertThat(first.get("read").asBoolean()).isFalse();
        assertThat(first.get("last_contact_at").asString()).isEqualTo("2020-06-28T05:23:32Z");
        JsonNode unknown = rows.get(1);
        assertThat(unknown.get("id").isNull()).isTrue();
        assertThat(unknown.get("email").isNull()).isTrue();
        assertThat(unknown.get("first_name").isNull()).isTrue();
        assertThat(unknown.has("pets")).isFalse();
        assertThat(unknown.get("read").asBoolean()).isTrue();
        assertThat(unknown.get("message_body").asString()).isEqualTo("I'm bringing in a kitten today");
    }

    @Test
    void aClientWithSeveralThreadsIsOneRowWithTheNewestSms() {
        String home = TestTenant.uniqueNumber();
        String work = TestTenant.uniqueNumber();
        http.post("/api/v1/contacts", clinic.token(), Map.of("kind", "client", "first_name", "Two", "last_name", "Phones",
                "phones", List.of(home, work)));
        Inbound.sms(conversations, clinic, home, "from home", Instant.parse("2021-01-01T10:00:00Z"));
        Inbound.sms(conversations, clinic, work, "from work", Instant.parse("2021-01-01T11:00:00Z"));
        clinic.sendSms(home, "reply to home");

        JsonNode rows = get("/partners/clients");

        assertThat(rows.size()).isEqualTo(1);
        assertThat(rows.get(0).get("message_body").asString()).isEqualTo("reply to home");
        assertThat(rows.get(0).get("read").asBoolean()).as("unread inbound in either thread").isFalse();
    }

    @Test
    void filterMatchesFirstNameLastNameAndPhoneFragmentsInAnyFormat() {
        String phone = "+1555" + TestTenant.uniqueNumber().substring(5);
        clinic.client("Eric", "Choi", phone);
        Inbound.sms(conversations, clinic, phone, "hello");
        String other = TestTenant.uniqueNumber();
        clinic.client("Maya", "Patel", other);
        Inbound.sms(conversations, clinic, other, "hi");
        String stranger = TestTenant.uniqueNumber();
        Inbound.sms(conversations, clinic, stranger, "who?");
        String national = new dev.parley.addresses.PhoneNumber(phone).national();
        String digits = phone.substring(2);

        assertThat(names("eric")).containsExactly("Eric");
        assertThat(names("CHOI")).containsExactly("Eric");
        assertThat(names("pat")).containsExactly("Maya");
        assertThat(names(national)).containsExactly("Eric");
        assertThat(names(digits.substring(0, 3) + "-" + digits.substring(3, 5))).contains("Eric");
        assertThat(names(digits.substring(3, 6) + "." + digits.substring(6))).containsExactly("Eric");
        // A number shown in its country's form, trunk prefix and all (a UK mobile: 07700 900…).
        String british = "+447700900" + phone.substring(phone.length() - 3);
        clinic.client("Olivia", "Brown", british);
        Inbound.sms(conversations, clinic, british, "hiya");
        String shownInBritain = new dev.parley.addresses.PhoneNumber(british).national();
        assertThat(shownInBritain).startsWith("07700 900");
        assertThat(names(shownInBritain)).containsExactly("Olivia");
        assertThat(names("07700 900")).containsExactly("Olivia");
        JsonNode unknown = get("/partners/clients?filter=" + stranger.substring(6));
        assertThat(unknown.size()).isEqualTo(1);
        assertThat(unknown.get(0).get("id").isNull()).isTrue();
    }

    @Test
    void aDraftIsNotAClientsLatestSms() {
        String phone = TestTenant.uniqueNumber();
        clinic.client("Drafty", "Writer", phone);
        Inbound.sms(conversations, clinic, phone, "Can I bring Rex at 4?", Instant.parse("2023-03-01T10:00:00Z"));
        sender.saveDraft(clinic.tenantId(), new dev.parley.delivery.SendRequest(clinic.locationId(), "sms", phone, null,
                "Yes, 4pm is fi", null, false, null, null));

        JsonNode row = get("/partners/clients").get(0);

        assertThat(row.get("message_body").asString()).isEqualTo("Can I bring Rex at 4?");
        assertThat(row.get("last_contact_at").asString()).isEqualTo("2023-03-01T10:00:00Z");
        assertThat(get("/partners/sms/" + phone).findValuesAsString("message_body")).containsExactly("Can I bring Rex at 4?");
    }

    /**
     * A client row shows its newest SMS's body and time: the page reads those of the newest messages, not their
     * attachments, seen receipts or conversations.
     */
    @Test
    void aPageOfClientsReadsOnlyWhatItShowsOfTheirNewestMessages() {
        String phone = TestTenant.uniqueNumber();
        clinic.client("Ada", "Brook", phone);
        Inbound.sms(conversations, clinic, phone, "Is Biscuit ready?", Instant.parse("2023-03-02T09:00:00Z"));
        String tag = java.util.UUID.randomUUID().toString();

        Http.Response answer = http.send("GET", "/partners/clients", clinic.token(), null,
                Map.of(QueryCounter.HEADER, tag));

        assertThat(answer.json().get(0).get("message_body").asString()).isEqualTo("Is Biscuit ready?");
        assertThat(queries.sqlFor(tag))
                .anyMatch(sql -> sql.startsWith("select \"message\".\"message_id\", \"message\".\"body\""))
                .noneMatch(sql -> sql.contains("\"message_attachment\"") || sql.contains("\"message_seen\""));
    }

    /**
     * A client row shows the contact's names, first email and pets: the page reads those of its contacts, in one
     * statement, and none of their phones (the row's phone is its thread's number).
     */
    @Test
    void aPageOfClientsReadsTheirFirstEmailAndPetsButNoPhones() {
        String ann = TestTenant.uniqueNumber();
        String bo = TestTenant.uniqueNumber();
        http.post("/api/v1/contacts", clinic.token(), Map.of("kind", "client", "first_name", "Ann", "last_name", "Lee",
                "emails", List.of("ann.first@example.com", "ann.second@example.com"),
                "phones", List.of(TestTenant.uniqueNumber(), ann),
                "pets", List.of(Map.of("name", "Rex", "deceased", true), Map.of("name", "Alba", "deceased", false),
                        Map.of("name", "Moss", "deceased", false))));
        clinic.client("Bo", "Kim", bo);
        Inbound.sms(conversations, clinic, ann, "Rex's ashes?", Instant.parse("2024-05-01T09:00:00Z"));
        Inbound.sms(conversations, clinic, bo, "Running late", Instant.parse("2024-05-01T10:00:00Z"));
        String tag = java.util.UUID.randomUUID().toString();

        JsonNode rows = http.send("GET", "/partners/clients", clinic.token(), null, Map.of(QueryCounter.HEADER, tag))
                .json();

        assertThat(rows.findValuesAsString("first_name")).containsExactly("Bo", "Ann");
        assertThat(rows.get(0).get("email").isNull()).isTrue();
        assertThat(rows.get(0).get("pets").isEmpty()).isTrue();
        assertThat(rows.get(1).get("email").asString()).isEqualTo("ann.first@example.com");
        assertThat(rows.get(1).get("last_name").asString()).isEqualTo("Lee");
        assertThat(rows.get(1).get("pets").toString()).isEqualTo("[{\"name\":\"Rex\",\"deceased\":true},"
                + "{\"name\":\"Alba\",\"deceased\":false},{\"name\":\"Moss\",\"deceased\":false}]");
        assertThat(queries.sqlFor(tag))
                .anyMatch(sql -> sql.contains("from \"contact\" left outer join \"pet\""))
                .noneMatch(sql -> sql.contains("\"contact_phone\""));
    }

    @Test
    void topAndSkipPage() {
        for (int i = 0; i < 5; i++) {
            Inbound.sms(conversations, clinic, TestTenant.uniqueNumber(), "m" + i, Instant.parse("2022-01-01T00:00:00Z").plusSeconds(i));
        }

        assertThat(get("/partners/clients").size()).isEqualTo(5);
        assertThat(get("/partners/clients?$top=2").findValuesAsString("message_body")).containsExactly("m4", "m3");
        assertThat(get("/partners/clients?$top=2&$skip=2").findValuesAsString("message_body")).containsExactly("m2", "m1");
    }

    @Test
    void smsHistoryIsNewestFirstInTheDocumentsShape() {
        String number = TestTenant.uniqueNumber();
        Inbound.sms(conversations, clinic, number, "Hi, I've just arrived in a white BMW", Instant.parse("2020-06-28T05:13:32.250Z"));
        long out = clinic.sendSms(number, "Are you here yet?").json().get("id").asLong();

        JsonNode rows = get("/partners/sms/" + number.substring(2));

        assertThat(rows.size()).isEqualTo(2);
        JsonNode newest = rows.get(0);
        assertThat(newest.get("id").asLong()).isEqualTo(out);
        assertThat(newest.get("source").asString()).isEqualTo(clinic.smsNumber());
        assertThat(newest.get("destination").asString()).isEqualTo(number);
        assertThat(newest.get("direction").asString()).isEqualTo("outbound");
        assertThat(newest.get("status").asString()).isEqualTo("sending...");
        assertThat(newest.get("read").asBoolean()).isTrue();
        JsonNode inbound = rows.get(1);
        assertThat(inbound.get("status").asString()).isEqualTo("received");
        assertThat(inbound.get("timestamp").asString()).isEqualTo("2020-06-28T05:13:32Z");
        assertThat(inbound.get("read").asBoolean()).isFalse();
        assertThat(inbound.get("automated").asBoolean()).isFalse();
        assertThat(fieldNames(inbound)).containsExactly("id", "source", "destination", "direction", "automated",
                "message_body", "status", "timestamp", "read");
    }

    @Test
    void maxTimestampIsExclusiveAtSecondsAndTiesComeTogether() {
        String number = TestTenant.uniqueNumber();
        for (int i = 0; i < 4; i++) {
            Inbound.sms(conversations, clinic, number, "same second " + i, Instant.parse("2020-06-28T05:13:32Z").plusMillis(i * 100));
        }
        Inbound.sms(conversations, clinic, number, "earlier", Instant.parse("2020-06-28T05:13:30Z"));

        JsonNode first = get("/partners/sms/" + number + "?$top=2");
        assertThat(first.size()).as("the two newest and the two that share their second").isEqualTo(4);
        JsonNode next = get("/partners/sms/" + number + "?$top=2&$max_timestamp=2020-06-28T05:13:32Z");
        assertThat(next.findValuesAsString("message_body")).containsExactly("earlier");
        assertThat(get("/partners/sms/" + number + "?$max_timestamp=2020-06-28T05:13:30Z").size()).isZero();
    }

    @Test
    void communicationsIncludeSmsAndEmailWithTwilioStatusOnSmsRowsOnly() {
        String phone = TestTenant.uniqueNumber();
        long client = http.post("/api/v1/contacts", clinic.token(), Map.of("kind", "client", "first_name", "Demo",
                "email", "demo2@example.com", "phones", List.of(phone))).json().get("id").asLong();
        Inbound.sms(conversations, clinic, phone, "Hi", Instant.parse("2020-06-28T05:13:32Z"));
        conversations.record(clinic.tenantId(), new dev.parley.conversations.NewMessage(clinic.locationId(),
                dev.parley.conversations.Channel.EMAIL, dev.parley.conversations.Direction.OUTBOUND, "demo2@example.com",
                null, null, true, "Sent intake form for an upcoming appointment", "Intake form",
                dev.parley.conversations.MessageStatus.SENT, Instant.parse("2020-06-28T05:08:11Z"), null, null, "smtp",
                null, List.of()));

        JsonNode rows = get("/partners/clients/" + client + "/communications");

        assertThat(rows.size()).isEqualTo(2);
        assertThat(rows.get(0).get("channel").asString()).isEqualTo("sms");
        assertThat(rows.get(0).get("twilio_status").asString()).isEqualTo("received");
        assertThat(fieldNames(rows.get(0))).containsExactly("id", "channel", "source", "destination", "direction",
                "automated", "message_body", "twilio_status", "status", "timestamp");
        JsonNode email = rows.get(1);
        assertThat(email.get("channel").asString()).isEqualTo("email");
        assertThat(email.get("automated").asBoolean()).isTrue();
        assertThat(email.get("destination").asString()).isEqualTo("demo2@example.com");
        assertThat(email.get("status").asString()).isEqualTo("sent");
        assertThat(email.has("twilio_status")).isFalse();
    }

    @Test
    void unreadCountsSplitUnknownFromKnownAndEqualARecount() {
        String known = TestTenant.uniqueNumber();
        clinic.client("Known", "Client", known);
        Inbound.sms(conversations, clinic, known, "1");
        Inbound.sms(conversations, clinic, known, "2");
        Inbound.sms(conversations, clinic, TestTenant.uniqueNumber(), "3");
        long read = Inbound.sms(conversations, clinic, TestTenant.uniqueNumber(), "4").conversationId();
        http.post("/api/v1/conversations/" + read + "/read", clinic.token(), null);

        JsonNode counts = get("/partners/sms/unread");

        assertThat(counts.get("existing").asLong()).isEqualTo(2);
        assertThat(counts.get("unknown").asLong()).isEqualTo(1);
        long recountKnown = db.fetchCount(db.selectFrom("message m join conversation c on c.tenant_id = m.tenant_id"
                + " and c.conversation_id = m.conversation_id").where("m.tenant_id = ? and m.direction = 'inbound'"
                + " and m.read_at is null and m.channel = 'sms' and c.contact_id is not null", clinic.id()));
        long recountUnknown = db.fetchCount(db.selectFrom("message m join conversation c on c.tenant_id = m.tenant_id"
                + " and c.conversation_id = m.conversation_id").where("m.tenant_id = ? and m.direction = 'inbound'"
                + " and m.read_at is null and m.channel = 'sms' and c.contact_id is null", clinic.id()));
        assertThat(counts.get("existing").asLong()).isEqualTo(recountKnown);
        assertThat(counts.get("unknown").asLong()).isEqualTo(recountUnknown);
        assertThat(fieldNames(counts)).containsExactly("unknown", "existing");
    }

    @Test
    void anotherTenantsClientIsNotFoundAndItsPhoneIsEmpty() {
        TestTenant other = TestTenant.create(http);
        String phone = TestTenant.uniqueNumber();
        long theirs = other.client("Their", "Client", phone);
        Inbound.sms(conversations, other, phone, "secret");

        Http.Response client = http.get("/partners/clients/" + theirs + "/communications", clinic.token());

        assertThat(client.status()).isEqualTo(404);
        assertThat(client.json().get("error").get("code").asString()).isEqualTo("not_found");
        assertThat(get("/partners/sms/" + phone).size()).isZero();
        assertThat(get("/partners/clients").size()).isZero();
        assertThat(get("/partners/sms/unread").get("unknown").asLong()).isZero();
    }

    @Test
    void badParametersAnswer400NamingThem() {
        assertThat(badParameter("/partners/clients?$top=abc")).isEqualTo("$top");
        assertThat(badParameter("/partners/clients?$top=101")).isEqualTo("$top");
        assertThat(badParameter("/partners/clients?$top=0")).isEqualTo("$top");
        assertThat(badParameter("/partners/clients?$skip=-1")).isEqualTo("$skip");
        assertThat(badParameter("/partners/clients?$skip=x")).isEqualTo("$skip");
        assertThat(badParameter("/partners/sms/" + TestTenant.uniqueNumber() + "?$top=201")).isEqualTo("$top");
        assertThat(badParameter("/partners/sms/" + TestTenant.uniqueNumber() + "?$max_timestamp=yesterday")).isEqualTo("$max_timestamp");
        assertThat(badParameter("/partners/sms/not-a-phone")).isEqualTo("phone");
        assertThat(badParameter("/partners/sms/12")).isEqualTo("phone");
        assertThat(badParameter("/partners/clients/abc/communications")).isEqualTo("vet_user_id");
        assertThat(badParameter("/partners/clients/1/communications?$top=-5")).isEqualTo("$top");
        // Years Java parses but PostgreSQL cannot store, and the one character PostgreSQL's text cannot hold.
        assertThat(badParameter("/partners/sms/" + TestTenant.uniqueNumber() + "?$max_timestamp=-5000-01-01T00:00:00Z"))
                .isEqualTo("$max_timestamp");
        assertThat(badParameter("/partners/sms/" + TestTenant.uniqueNumber() + "?$max_timestamp=%2B300000-01-01T00:00:00Z"))
                .isEqualTo("$max_timestamp");
        assertThat(badParameter("/partners/clients?filter=Ann%00")).isEqualTo("filter");
        // An option of another endpoint, or OData's spelling of this one's filter, is refused rather than ignored.
        assertThat(badParameter("/partners/sms/" + TestTenant.uniqueNumber() + "?$skip=25")).isEqualTo("$skip");
        assertThat(badParameter("/partners/clients?$filter=Choi")).isEqualTo("$filter");
        assertThat(badParameter("/partners/clients/1/communications?$skip=25")).isEqualTo("$skip");
    }

    @Test
    void everyEndpointNeedsAToken() {
        for (String path : List.of("/partners/clients", "/partners/sms/5555551234", "/partners/clients/1/communications",
                "/partners/sms/unread")) {
            Http.Response response = http.get(path, null);
            assertThat(response.status()).as(path).isEqualTo(401);
            assertThat(response.json().get("error").get("code").asString()).isEqualTo("unauthorized");
        }
    }

    private String badParameter(String path) {
        Http.Response response = http.get(path, clinic.token());
        assertThat(response.status()).as(path + " -> " + response).isEqualTo(400);
        assertThat(response.json().get("error").get("code").asString()).isEqualTo("bad_parameter");
        return response.json().get("error").get("parameter").asString();
    }

    private List<String> names(String filter) {
        return get("/partners/clients?filter=" + java.net.URLEncoder.encode(filter, java.nio.charset.StandardCharsets.UTF_8))
                .valueStream().filter(r -> !r.get("first_name").isNull()).map(r -> r.get("first_name").asString()).toList();
    }

    private JsonNode get(String path) {
        Http.Response response = http.get(path.replace("$", "%24"), clinic.token());
        assertThat(response.status()).as(path + " -> " + response).isEqualTo(200);
        return response.json();
    }

    private List<JsonNode> list() {
        return http.get("/api/v1/conversations", clinic.token()).json().get("items").valueStream().toList();
    }

    private static List<String> fieldNames(JsonNode node) {
        return node.propertyNames().stream().toList();
    }
}
