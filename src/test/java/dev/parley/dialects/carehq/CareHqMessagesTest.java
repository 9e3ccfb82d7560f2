package dev.parley.dialects.carehq;

import static dev.parley.dialects.carehq.CareHqFixture.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.contacts.ContactKind;
import dev.parley.contacts.Contacts;
import dev.parley.conversations.Conversations;
import dev.parley.conversations.MessageStatus;
import dev.parley.conversations.RecordedMessage;
import dev.parley.testing.Http;
import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.QueryCounter;
import dev.parley.testing.TestTenant;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** {@code GET /v1/messages} and {@code GET /v1/messages/<id>} as CareHQ's document shows them, over HTTP, signed. */
@ParleyIntegrationTest
class CareHqMessagesTest {

    /** The message object's attributes, in the document's order. */
    static final List<String> DOCUMENTED = List.of("_id", "anonymized", "care_enquiry", "channel", "content",
            "correspondent", "created", "date_time", "delivery_status", "destination", "direction", "download_id",
            "external_service", "invoices", "literature_items", "literature_items_downloaded", "location",
            "location_contact", "modified", "origin", "read", "read_by", "reply_to", "resolved", "resolved_by", "sent_by",
            "service_user", "service_user_contact", "subject", "tags", "thread_id");
    private static final Instant T = Instant.parse("2024-10-03T08:00:00Z");

    @LocalServerPort
    int port;

    @Autowired
    Conversations conversations;

    @Autowired
    Contacts contacts;

    @Autowired
    DSLContext db;

    @Autowired
    QueryCounter queries;

    CareHqFixture f;

    @BeforeEach
    void setUp() {
        f = new CareHqFixture(new Http(port), conversations, contacts, db);
    }

    @Test
    void theMessageObjectCarriesEveryDocumentedAttribute() {
        long mark = f.staff("Mark Walford");
        long gordon = f.contact(ContactKind.CARE_SEEKER, "Gordon", "Parker", "gordon.parker@ee.example");
        RecordedMessage sent = f.message().email("gordon.parker@ee.example").outbound().with(gordon).sentBy(mark)
                .subject("Douglas Court brochure").body("Dear Gordon,\n\nPlease find the brochure.\n").provider("oakridge")
                .when(Instant.parse("2024-10-29T13:00:00.654321Z"))
                .attach("literature_item", "6724fbc74f73a2cebf63780c").attach("file", "terms")
                .attach("invoice", "6724fbc74f73a2cebf6378aa").record();
        f.set(sent.id(), "tags", "{brochure,follow-up}");
        f.set(sent.id(), "created_at", Instant.parse("2024-11-01T16:03:23.900Z"));
        f.set(sent.id(), "updated_at", Instant.parse("2024-11-01T16:03:24Z"));

        Http.Response answer = f.client.get("messages/" + hex(sent.id()));
        JsonNode m = answer.json();

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(m.propertyNames()).containsExactlyElementsOf(DOCUMENTED);
        assertThat(m.get("_id").asString()).isEqualTo(hex(sent.id())).matches("[0-9a-f]{24}");
        assertThat(m.get("anonymized").isNull()).isTrue();
        assertThat(m.get("care_enquiry").asString()).isEqualTo(hex(gordon));
        assertThat(m.get("channel").asString()).isEqualTo("email");
        assertThat(m.get("content").asString()).isEqualTo("Dear Gordon,\n\nPlease find the brochure.\n");
        assertThat(m.get("correspondent").asString()).isEqualTo("Gordon Parker gordon.parker@ee.example");
        assertThat(m.get("created").asString()).isEqualTo("2024-11-01 16:03:23");
        assertThat(m.get("date_time").asString()).isEqualTo("2024-10-29 13:00:00");
        assertThat(m.get("delivery_status").asString()).isEqualTo("sent");
        assertThat(m.get("destination").asString()).isEqualTo("gordon.parker@ee.example");
        assertThat(m.get("direction").asString()).isEqualTo("outbound");
        assertThat(m.get("download_id").isNull()).isTrue();
        assertThat(m.get("external_service").asString()).isEqualTo("oakridge");
        assertThat(m.get("invoices").valueStream().map(JsonNode::asString)).containsExactly("6724fbc74f73a2cebf6378aa");
        assertThat(m.get("literature_items").valueStream().map(JsonNode::asString)).containsExactly("6724fbc74f73a2cebf63780c");
        assertThat(m.get("literature_items_downloaded").isArray()).isTrue();
        assertThat(m.get("literature_items_downloaded").size()).isZero();
        assertThat(m.get("location").asString()).isEqualTo(hex(f.tenant.locationId()));
        assertThat(m.get("location_contact").isNull()).isTrue();
        assertThat(m.get("modified").asString()).isEqualTo("2024-11-01 16:03:24");
        assertThat(m.get("origin").asString()).isEqualTo(CareHqFixture.LOCATION_EMAIL);
        for (String empty : List.of("read", "read_by", "reply_to", "resolved", "resolved_by", "service_user",
                "service_user_contact")) {
            assertThat(m.get(empty).isNull()).as(empty).isTrue();
        }
        assertThat(m.get("sent_by").asString()).isEqualTo(hex(mark));
        assertThat(m.get("subject").asString()).isEqualTo("Douglas Court brochure");
        assertThat(m.get("tags").valueStream().map(JsonNode::asString)).containsExactly("brochure", "follow-up");
        assertThat(m.get("thread_id").asString()).isEqualTo(hex(sent.conversationId()));
    }

    @Test
    void readResolvedReplyAndAnonymizedShowWhenAndWho() {
        long carer = f.staff("Mark");
        long justin = f.contact(ContactKind.SERVICE_USER_CONTACT, "Justin", "Wall", "+447790483280");
        RecordedMessage in = f.message().sms("+447790483280").with(justin).body("See you Saturday").record();
        f.http.post("/api/v1/conversations/" + in.conversationId() + "/read", f.tenant.token(), Map.of("staff_user_id", carer));
        f.set(in.id(), "resolved_at", Instant.parse("2024-10-04T09:15:30.5Z"));
        f.set(in.id(), "resolved_by", carer);
        f.set(in.id(), "reply_to_staff_id", carer);
        f.set(in.id(), "anonymized_at", Instant.parse("2024-12-01T00:00:00Z"));
        long stranger = f.message().body("Who is this?").id();

        JsonNode m = f.client.get("messages/" + hex(in.id())).json();
        JsonNode unknown = f.client.get("messages/" + hex(stranger), "attributes", "correspondent",
                "attributes", "service_user_contact").json();

        assertThat(m.get("read").asString()).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
        assertThat(m.get("read_by").asString()).isEqualTo(hex(carer));
        assertThat(m.get("resolved").asString()).isEqualTo("2024-10-04 09:15:30");
        assertThat(m.get("resolved_by").asString()).isEqualTo(hex(carer));
        assertThat(m.get("reply_to").asString()).isEqualTo(hex(carer));
        assertThat(m.get("anonymized").asString()).isEqualTo("2024-12-01 00:00:00");
        assertThat(m.get("service_user_contact").asString()).isEqualTo(hex(justin));
        assertThat(m.get("correspondent").asString()).isEqualTo("Justin Wall +447790483280");
        assertThat(m.get("origin").asString()).isEqualTo("+447790483280");
        assertThat(m.get("destination").asString()).isEqualTo(f.tenant.smsNumber());
        assertThat(m.get("delivery_status").isNull()).as("inbound messages have no delivery status").isTrue();
        assertThat(m.get("invoices").isNull()).isTrue();
        assertThat(m.get("literature_items").isNull()).isTrue();
        assertThat(unknown.propertyNames()).containsExactly("_id", "correspondent", "service_user_contact");
        assertThat(unknown.get("correspondent").asString()).startsWith("+1555");
        assertThat(unknown.get("service_user_contact").isNull()).isTrue();
    }

    @Test
    void attributesChooseTheFieldsAndIdIsAlwaysThere() {
        long id = f.message().id();

        JsonNode plain = f.client.get("messages").json().get("items").get(0);
        assertThat(plain.propertyNames()).containsExactly("_id");
        for (String attribute : DOCUMENTED) {
            JsonNode item = f.client.get("messages", "attributes", attribute).json().get("items").get(0);
            assertThat(item.propertyNames()).as(attribute)
                    .containsExactlyElementsOf(attribute.equals("_id") ? List.of("_id") : List.of("_id", attribute));
        }
        List<String> all = new ArrayList<>();
        DOCUMENTED.forEach(a -> {
            all.add("attributes");
            all.add(a);
        });
        assertThat(f.client.get("messages", all.toArray(String[]::new)).json().get("items").get(0).propertyNames())
                .containsExactlyElementsOf(DOCUMENTED);
        JsonNode commas = f.client.get("messages", "attributes", "date_time,content").json().get("items").get(0);
        assertThat(commas.propertyNames()).containsExactly("_id", "content", "date_time");
        assertThat(commas.get("_id").asString()).isEqualTo(hex(id));
    }

    /**
     * A page asking for ids alone (the default) does not look up whom its messages are with; one asking for an
     * attribute of the contact does, in one statement for the page.
     */
    @Test
    void whomAPagesMessagesAreWithIsReadOnlyForAnAttributeThatShowsIt() {
        long gordon = f.contact(ContactKind.CARE_SEEKER, "Gordon", "Parker", "+447700900461");
        long first = f.message().sms("+447700900461").with(gordon).id();
        f.message().sms("+447700900461").with(gordon).id();
        String idsOnly = UUID.randomUUID().toString();
        String withKinds = UUID.randomUUID().toString();

        JsonNode ids = f.client.request("GET", "messages").header(QueryCounter.HEADER, idsOnly).send().json();
        JsonNode kinds = f.client.request("GET", "messages").params("attributes", "care_enquiry")
                .header(QueryCounter.HEADER, withKinds).send().json();

        assertThat(ids.get("items").get(0).propertyNames()).containsExactly("_id");
        assertThat(ids.get("items").get(0).get("_id").asString()).isEqualTo(hex(first));
        assertThat(kinds.get("items").valueStream().map(item -> item.get("care_enquiry").asString()))
                .containsExactly(hex(gordon), hex(gordon));
        assertThat(queries.sqlFor(idsOnly)).noneMatch(CareHqMessagesTest::readsContacts);
        assertThat(queries.sqlFor(withKinds)).filteredOn(CareHqMessagesTest::readsContacts).hasSize(1);
    }

    /**
     * A page of ids alone (the default) reads the ids and nothing else: not the messages' attachments or seen
     * receipts, nor their conversations. It lists the same messages in the same order as a page that shows more.
     */
    @Test
    void aPageOfIdsReadsNothingButTheIds() {
        for (int i = 0; i < 5; i++) {
            f.message().sms("+447700900462").body("Reply " + i).when(T.plus(i, ChronoUnit.MINUTES)).record();
        }
        String idsOnly = UUID.randomUUID().toString();
        String withContent = UUID.randomUUID().toString();

        JsonNode ids = f.client.request("GET", "messages").params("per_page", "2", "page", "2", "sort_by", "-date_time")
                .header(QueryCounter.HEADER, idsOnly).send().json();
        JsonNode contents = f.client.request("GET", "messages").params("per_page", "2", "page", "2", "sort_by",
                "-date_time", "attributes", "content").header(QueryCounter.HEADER, withContent).send().json();

        assertThat(ids.get("items").valueStream().map(item -> item.get("_id").asString()).toList())
                .hasSize(2).isEqualTo(contents.get("items").valueStream().map(item -> item.get("_id").asString()).toList());
        assertThat(contents.get("items").valueStream().map(item -> item.get("content").asString()))
                .containsExactly("Reply 2", "Reply 1");
        assertThat(ids.get("item_count").asLong()).isEqualTo(5);
        assertThat(queries.sqlFor(idsOnly)).noneMatch(CareHqMessagesTest::readsMoreThanIds);
        assertThat(queries.sqlFor(withContent)).filteredOn(CareHqMessagesTest::readsMoreThanIds).hasSize(1);
    }

    private static boolean readsMoreThanIds(String sql) {
        return sql.contains("\"message_attachment\"") || sql.contains("\"message_seen\"")
                || sql.contains("\"conversation\"");
    }

    private static boolean readsContacts(String sql) {
        return sql.contains("from \"contact\"");
    }

    @Test
    void theDocumentsExampleRequestWorksAsWritten() {
        long justin = f.contact(ContactKind.SERVICE_USER_CONTACT, "Justin", "Wall", "+447790483280");
        f.message().sms("+447790483280").with(justin).body("Hi Jason").when(Instant.parse("2024-10-03T11:06:00Z")).record();
        f.message().sms("+447790483280").with(justin).outbound().body("Thanks").record();

        JsonNode page = f.client.get("messages", "attributes", "content", "attributes", "correspondent",
                "attributes", "date_time", "filters-channel", "sms", "filters-direction", "inbound",
                "sort_by", "date_time").json();

        assertThat(page.propertyNames()).containsExactly("item_count", "items", "page", "page_count", "per_page");
        assertThat(page.get("item_count").asLong()).isEqualTo(1);
        assertThat(page.get("page").asInt()).isEqualTo(1);
        assertThat(page.get("page_count").asInt()).isEqualTo(1);
        assertThat(page.get("per_page").asInt()).isEqualTo(10);
        JsonNode item = page.get("items").get(0);
        assertThat(item.propertyNames()).containsExactly("_id", "content", "correspondent", "date_time");
        assertThat(item.get("correspondent").asString()).isEqualTo("Justin Wall +447790483280");
        assertThat(item.get("date_time").asString()).isEqualTo("2024-10-03 11:06:00");
    }

    @Test
    void filtersAnonymizedTakesYesNoAndUnset() {
        long plain = f.message().id();
        long anonymized = f.message().id();
        f.set(anonymized, "anonymized_at", T);

        assertThat(f.ids("filters-anonymized", "yes")).containsExactly(hex(anonymized));
        assertThat(f.ids("filters-anonymized", "no")).containsExactly(hex(plain));
        assertThat(f.ids("filters-anonymized", "unset")).containsExactly(hex(plain), hex(anonymized));
    }

    @Test
    void filtersReadTakesYesNoAndUnset() {
        RecordedMessage read = f.message().record();
        long unread = f.message().id();
        f.http.post("/api/v1/conversations/" + read.conversationId() + "/read", f.tenant.token(), null);

        assertThat(f.ids("filters-read", "yes")).containsExactly(hex(read.id()));
        assertThat(f.ids("filters-read", "no")).containsExactly(hex(unread));
        assertThat(f.ids("filters-read", "unset")).containsExactly(hex(read.id()), hex(unread));
    }

    @ParameterizedTest
    @CsvSource({"filters-care_enquiry, CARE_SEEKER", "filters-service_user, SERVICE_USER",
            "filters-service_user_contact, SERVICE_USER_CONTACT", "filters-location_contact, LOCATION_CONTACT"})
    void contactFiltersKeepMessagesWithThoseContactsOfTheirKind(String filter, ContactKind kind) {
        long first = f.contact(kind, "Ann", "First", TestTenant.uniqueNumber());
        long second = f.contact(kind, "Bea", "Second", "bea@family.example");
        ContactKind otherKind = kind == ContactKind.SERVICE_USER ? ContactKind.CARE_SEEKER : ContactKind.SERVICE_USER;
        long other = f.contact(otherKind, "Cy", "Other", TestTenant.uniqueNumber());
        long toFirst = f.message().with(first).id();
        long toSecond = f.message().email("bea@family.example").outbound().with(second).id();
        f.message().with(other).id();
        f.message().id();

        assertThat(f.ids(filter, hex(first))).containsExactly(hex(toFirst));
        assertThat(f.ids(filter, hex(second), filter, hex(first))).containsExactly(hex(toFirst), hex(toSecond));
        assertThat(f.ids(filter, hex(other))).as("a contact of another kind is not one of these").isEmpty();
        String attribute = filter.substring("filters-".length());
        JsonNode item = f.client.get("messages", filter, hex(first), "attributes", attribute).json().get("items").get(0);
        assertThat(item.get(attribute).asString()).isEqualTo(hex(first));
    }

    @Test
    void filtersChannelTakesOneOrSeveralChannels() {
        long sms = f.message().id();
        long email = f.message().email("someone@family.example").id();

        assertThat(f.ids("filters-channel", "sms")).containsExactly(hex(sms));
        assertThat(f.ids("filters-channel", "email")).containsExactly(hex(email));
        assertThat(f.ids("filters-channel", "sms", "filters-channel", "email")).containsExactly(hex(sms), hex(email));
    }

    @Test
    void filtersDeliveryStatusGroupsParleysStatuses() {
        Map<MessageStatus, Long> out = new java.util.EnumMap<>(MessageStatus.class);
        for (MessageStatus status : MessageStatus.values()) {
            if (status != MessageStatus.RECEIVED) {
                out.put(status, f.message().outbound().status(status).id());
            }
        }
        long inbound = f.message().id();

        assertThat(f.ids("filters-delivery_status", "sent"))
                .containsExactly(hex(out.get(MessageStatus.SENT)), hex(out.get(MessageStatus.DELIVERED)));
        assertThat(f.ids("filters-delivery_status", "failed")).containsExactly(hex(out.get(MessageStatus.UNDELIVERED)),
                hex(out.get(MessageStatus.FAILED)), hex(out.get(MessageStatus.CANCELED)));
        assertThat(f.ids("filters-delivery_status", "queued")).containsExactly(hex(out.get(MessageStatus.SCHEDULED)),
                hex(out.get(MessageStatus.QUEUED)), hex(out.get(MessageStatus.SENDING)));
        assertThat(f.ids("filters-delivery_status", "unknown")).containsExactly(hex(out.get(MessageStatus.DRAFT)));
        assertThat(f.ids("filters-delivery_status", "sent", "filters-delivery_status", "unknown")).hasSize(3);
        JsonNode items = f.client.get("messages", "attributes", "delivery_status", "per_page", "20").json().get("items");
        items.valueStream().forEach(item -> {
            String id = item.get("_id").asString();
            String shown = item.get("delivery_status").isNull() ? null : item.get("delivery_status").asString();
            if (id.equals(hex(inbound))) {
                assertThat(shown).isNull();
            } else {
                assertThat(f.ids("filters-delivery_status", shown, "filters-ids", id)).as("shown as it filters").hasSize(1);
            }
        });
    }

    @Test
    void filtersDirectionKeepsInboundOrOutbound() {
        long in = f.message().id();
        long out = f.message().outbound().id();

        assertThat(f.ids("filters-direction", "inbound")).containsExactly(hex(in));
        assertThat(f.ids("filters-direction", "outbound")).containsExactly(hex(out));
        assertThat(f.ids("filters-direction", "outbound", "filters-channel", "email")).isEmpty();
    }

    @Test
    void startAndEndDatesAreInclusiveDaysOfDateTime() {
        long before = f.message().when(Instant.parse("2024-10-02T23:59:59.999999Z")).id();
        long first = f.message().when(Instant.parse("2024-10-03T00:00:00Z")).id();
        long last = f.message().when(Instant.parse("2024-10-03T23:59:59.999999Z")).id();
        long after = f.message().when(Instant.parse("2024-10-04T00:00:00Z")).id();

        assertThat(f.ids("filters-start_date", "2024-10-03")).containsExactly(hex(first), hex(last), hex(after));
        assertThat(f.ids("filters-end_date", "2024-10-03")).containsExactly(hex(before), hex(first), hex(last));
        assertThat(f.ids("filters-start_date", "2024-10-03", "filters-end_date", "2024-10-03"))
                .containsExactly(hex(first), hex(last));
        assertThat(f.ids("filters-start_date", "2024-10-04", "filters-end_date", "2024-10-02")).isEmpty();
    }

    @Test
    void filtersIdsKeepsTheNamedMessages() {
        long a = f.message().id();
        f.message().id();
        long c = f.message().id();

        assertThat(f.ids("filters-ids", hex(c), "filters-ids", hex(a))).containsExactly(hex(a), hex(c));
        assertThat(f.ids("filters-ids", hex(a).toUpperCase())).containsExactly(hex(a));
        assertThat(f.ids("filters-ids", "ffffffffffffffffffffffff")).as("an id Parley never issued").isEmpty();
    }

    @Test
    void filtersLocationKeepsTheLocationsMessages() {
        long douglas = f.location("Douglas Court");
        long main = f.message().id();
        long other = f.message().at(douglas).id();

        assertThat(f.ids("filters-location", hex(douglas))).containsExactly(hex(other));
        assertThat(f.ids("filters-location", hex(f.tenant.locationId()))).containsExactly(hex(main));
        assertThat(f.ids("filters-location", hex(f.tenant.locationId()), "filters-location", hex(douglas))).hasSize(2);
    }

    @Test
    void modifiedAfterAndBeforeCompareAtTheSecondsShown() {
        long atFiveAndABit = f.message().id();
        long atSix = f.message().id();
        long justBeforeFive = f.message().id();
        f.set(atFiveAndABit, "updated_at", Instant.parse("2024-10-03T10:00:05.300Z"));
        f.set(atSix, "updated_at", Instant.parse("2024-10-03T10:00:06Z"));
        f.set(justBeforeFive, "updated_at", Instant.parse("2024-10-03T10:00:04.999Z"));

        assertThat(f.ids("filters-modified_after", "2024-10-03 10:00:05")).containsExactly(hex(atSix));
        assertThat(f.ids("filters-modified_before", "2024-10-03 10:00:05")).containsExactly(hex(justBeforeFive));
        assertThat(f.ids("filters-modified_after", "2024-10-03 10:00:04", "filters-modified_before", "2024-10-03 10:00:06"))
                .containsExactly(hex(atFiveAndABit));
        assertThat(f.ids("filters-modified_after", "2024-10-03T10:00:05Z")).containsExactly(hex(atSix));
        String shown = f.client.get("messages/" + hex(atFiveAndABit), "attributes", "modified").json().get("modified").asString();
        assertThat(f.ids("filters-modified_after", shown)).as("a modified time copied from an answer skips that message")
                .doesNotContain(hex(atFiveAndABit));
    }

    @Test
    void readingAMessageModifiesIt() {
        RecordedMessage in = f.message().record();
        f.set(in.id(), "updated_at", Instant.parse("2024-10-03T10:00:00Z"));

        f.http.post("/api/v1/conversations/" + in.conversationId() + "/read", f.tenant.token(), null);

        assertThat(f.ids("filters-modified_after", "2024-10-04 00:00:00")).containsExactly(hex(in.id()));
    }

    @Test
    void filtersQMatchesCorrespondentDestinationAndOriginIgnoringCase() {
        long gordon = f.contact(ContactKind.CARE_SEEKER, "Gordon", "Parker", "gp@ee.example");
        long toGordon = f.message().email("gp@ee.example").outbound().with(gordon).id();
        long fromNumber = f.message().sms("+447790483280").id();
        long outToNumber = f.message().sms("+447700900123").outbound().id();

        assertThat(f.ids("filters-q", "gORDON pa")).as("the correspondent's name").containsExactly(hex(toGordon));
        assertThat(f.ids("filters-q", "GP@EE")).as("the destination").containsExactly(hex(toGordon));
        assertThat(f.ids("filters-q", "7790483")).as("the origin").containsExactly(hex(fromNumber));
        assertThat(f.ids("filters-q", "+44770090")).as("a number sent to").containsExactly(hex(outToNumber));
        assertThat(f.ids("filters-q", "marshallcare")).as("the location's own address, as origin")
                .containsExactly(hex(toGordon));
        assertThat(f.ids("filters-q", "%")).as("no wildcards").isEmpty();
        assertThat(f.ids("filters-q", "g_@")).as("no wildcards").isEmpty();
        assertThat(f.ids("filters-q", "nobody")).isEmpty();
    }

    @Test
    void filtersReplyToUserAndSentByKeepTheUsersMessages() {
        long mark = f.staff("Mark");
        long jane = f.staff("Jane");
        long byMark = f.message().outbound().sentBy(mark).id();
        long byJane = f.message().outbound().sentBy(jane).id();
        long replyToMark = f.message().id();
        long replyToJane = f.message().id();
        f.set(replyToMark, "reply_to_staff_id", mark);
        f.set(replyToJane, "reply_to_staff_id", jane);

        assertThat(f.ids("filters-sent_by", hex(mark))).containsExactly(hex(byMark));
        assertThat(f.ids("filters-sent_by", hex(mark), "filters-sent_by", hex(jane))).containsExactly(hex(byMark), hex(byJane));
        assertThat(f.ids("filters-reply_to_user", hex(jane))).containsExactly(hex(replyToJane));
        assertThat(f.ids("filters-reply_to_user", hex(mark), "filters-reply_to_user", hex(jane)))
                .containsExactly(hex(replyToMark), hex(replyToJane));
    }

    @Test
    void sortsByEachFieldInBothDirections() {
        long a = f.message().when(T.plus(3, ChronoUnit.HOURS)).id();
        long b = f.message().when(T.plus(1, ChronoUnit.HOURS)).id();
        long c = f.message().when(T.plus(4, ChronoUnit.HOURS)).id();
        long d = f.message().when(T.plus(2, ChronoUnit.HOURS)).id();
        Map<Long, Integer> created = Map.of(a, 2, b, 4, c, 1, d, 3);
        Map<Long, Integer> modified = Map.of(a, 4, b, 3, c, 2, d, 1);
        created.forEach((id, hours) -> f.set(id, "created_at", T.plus(hours, ChronoUnit.HOURS)));
        modified.forEach((id, hours) -> f.set(id, "updated_at", T.plus(hours, ChronoUnit.HOURS)));

        Map<String, List<Long>> ascending = Map.of("_id", List.of(a, b, c, d), "date_time", List.of(b, d, a, c),
                "created", List.of(c, a, d, b), "modified", List.of(d, c, b, a));
        ascending.forEach((field, order) -> {
            List<String> expected = order.stream().map(CareHqFixture::hex).toList();
            assertThat(f.ids("sort_by", field)).as(field).containsExactlyElementsOf(expected);
            List<String> reversed = new ArrayList<>(expected);
            java.util.Collections.reverse(reversed);
            assertThat(f.ids("sort_by", "-" + field)).as("-" + field).containsExactlyElementsOf(reversed);
        });
        assertThat(f.ids()).as("_id by default").containsExactly(hex(a), hex(b), hex(c), hex(d));
    }

    @Test
    void sortsBySeveralFieldsInTurnAndTiesByIdInTheLastFieldsDirection() {
        Instant same = T.plusMillis(250);
        long e = f.message().when(same).id();
        long g = f.message().when(same).id();
        long h = f.message().when(same).id();
        long later = f.message().when(T.plus(1, ChronoUnit.HOURS)).id();
        f.set(e, "created_at", T.plus(3, ChronoUnit.HOURS));
        f.set(g, "created_at", T.plus(1, ChronoUnit.HOURS));
        f.set(h, "created_at", T.plus(2, ChronoUnit.HOURS));
        f.set(later, "created_at", T);

        assertThat(f.ids("sort_by", "date_time", "sort_by", "-created")).containsExactly(hex(e), hex(h), hex(g), hex(later));
        assertThat(f.ids("sort_by", "-date_time", "sort_by", "created")).containsExactly(hex(later), hex(g), hex(h), hex(e));
        assertThat(f.ids("sort_by", "-date_time,created")).containsExactly(hex(later), hex(g), hex(h), hex(e));
        assertThat(f.ids("sort_by", "date_time")).containsExactly(hex(e), hex(g), hex(h), hex(later));
        assertThat(f.ids("sort_by", "-date_time")).containsExactly(hex(later), hex(h), hex(g), hex(e));
        assertThat(f.ids("sort_by", "-date_time", "sort_by", "_id")).containsExactly(hex(later), hex(e), hex(g), hex(h));
    }

    @Test
    void pagesCountItemsAndPagesAndWalkEveryMessageOnce() {
        Set<String> made = new HashSet<>();
        for (int i = 0; i < 23; i++) {
            made.add(hex(f.message().when(T.plusSeconds(i / 3)).id()));
        }

        JsonNode first = f.client.get("messages", "sort_by", "-date_time").json();
        JsonNode third = f.client.get("messages", "sort_by", "-date_time", "page", "3").json();
        JsonNode beyond = f.client.get("messages", "page", "4").json();
        JsonNode big = f.client.get("messages", "per_page", "100").json();

        assertThat(first.get("item_count").asLong()).isEqualTo(23);
        assertThat(first.get("page_count").asInt()).isEqualTo(3);
        assertThat(first.get("per_page").asInt()).isEqualTo(10);
        assertThat(first.get("page").asInt()).isEqualTo(1);
        assertThat(first.get("items").size()).isEqualTo(10);
        assertThat(third.get("items").size()).isEqualTo(3);
        assertThat(third.get("page").asInt()).isEqualTo(3);
        assertThat(beyond.get("items").size()).isZero();
        assertThat(beyond.get("item_count").asLong()).isEqualTo(23);
        assertThat(big.get("items").size()).isEqualTo(23);
        assertThat(big.get("page_count").asInt()).isEqualTo(1);
        List<String> walked = new ArrayList<>();
        for (int page = 1; page <= 5; page++) {
            walked.addAll(f.ids("sort_by", "-date_time", "per_page", "5", "page", Integer.toString(page)));
        }
        assertThat(walked).hasSize(23).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(made);
        JsonNode none = f.client.get("messages", "filters-channel", "email").json();
        assertThat(none.get("item_count").asLong()).isZero();
        assertThat(none.get("page_count").asInt()).isZero();
        assertThat(none.get("items").size()).isZero();
    }

    /**
     * The count joins the conversation only for the filters that read it (contacts, correspondent), so each kind
     * of filter is checked here against what was made: item_count, page_count and the items agree.
     */
    @Test
    void itemCountIsExactWhetherOrNotTheFiltersReadTheConversation() {
        String annNumber = TestTenant.uniqueNumber();
        long ann = f.contact(ContactKind.SERVICE_USER, "Ann", "Lindqvist", annNumber);
        String beaNumber = TestTenant.uniqueNumber();
        long bea = f.contact(ContactKind.SERVICE_USER, "Bea", "Okafor", beaNumber);
        List<Long> annSmsIn = new ArrayList<>();
        List<Long> annOther = new ArrayList<>();
        List<Long> beaSmsIn = new ArrayList<>();
        List<Long> unknownSmsIn = new ArrayList<>();
        List<Long> rest = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            annSmsIn.add(f.message().sms(annNumber).with(ann).when(T.plusSeconds(i)).id());
        }
        for (int i = 0; i < 2; i++) {
            annOther.add(f.message().sms(annNumber).with(ann).outbound().when(T.plusSeconds(10 + i)).id());
            beaSmsIn.add(f.message().sms(beaNumber).with(bea).when(T.plusSeconds(20 + i)).id());
        }
        annOther.add(f.message().email("ann@lindqvist.example").with(ann).when(T.plusSeconds(30)).id());
        for (int i = 0; i < 4; i++) {
            unknownSmsIn.add(f.message().when(T.plusSeconds(40 + i)).id());
        }
        rest.add(f.message().outbound().when(T.plusSeconds(50)).id());
        rest.add(f.message().when(T.minus(1, ChronoUnit.DAYS)).id());
        List<Long> smsInSince = concat(concat(annSmsIn, beaSmsIn), unknownSmsIn);
        String[] recent = {"filters-channel", "sms", "filters-direction", "inbound", "filters-start_date", "2024-10-03"};

        assertListed(concat(concat(smsInSince, annOther), rest));
        assertListed(concat(smsInSince, rest.subList(1, 2)), "filters-channel", "sms", "filters-direction", "inbound");
        assertListed(smsInSince, recent);
        assertListed(annSmsIn, concat(recent, "filters-service_user", hex(ann)));
        assertListed(concat(annSmsIn, annOther), "filters-service_user", hex(ann));
        assertListed(concat(annSmsIn, beaSmsIn), concat(recent, "filters-service_user", hex(ann) + "," + hex(bea)));
        assertListed(List.of(), concat(recent, "filters-care_enquiry", hex(ann)));
        assertListed(concat(annSmsIn, annOther), "filters-q", "lindqvist");
        assertListed(annSmsIn, concat(recent, "filters-q", "LINDQVIST"));
        assertListed(annOther.subList(2, 3), "filters-channel", "email");
    }

    /** A list with these filters counts, pages and lists exactly these messages (in any order). */
    private void assertListed(List<Long> expected, String... filters) {
        Http.Response answer = f.client.get("messages", concat(filters, "per_page", "5"));
        Http.Response all = f.client.get("messages", concat(filters, "per_page", "100"));
        String given = String.join(" ", filters);
        assertThat(answer.json().get("item_count").asLong()).as(given).isEqualTo(expected.size());
        assertThat(answer.json().get("page_count").asLong()).as(given).isEqualTo((expected.size() + 4) / 5);
        assertThat(all.json().get("item_count").asLong()).as(given).isEqualTo(expected.size());
        assertThat(CareHqFixture.ids(all)).as(given)
                .containsExactlyInAnyOrderElementsOf(expected.stream().map(CareHqFixture::hex).toList());
    }

    private static List<Long> concat(List<Long> first, List<Long> second) {
        return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    @Test
    void badParametersAnswer400NamingEachOne() {
        assertBad("attributes", "attributes", "colour");
        assertBad("sort_by", "sort_by", "content");
        assertBad("sort_by", "sort_by", "created", "sort_by", "-created");
        assertBad("filters-start_date", "filters-start_date", "2024-13-01");
        assertBad("filters-end_date", "filters-end_date", "yesterday");
        assertBad("filters-modified_after", "filters-modified_after", "2024-10-03 25:00:00");
        assertBad("filters-modified_before", "filters-modified_before", "03/10/2024");
        assertBad("page", "page", "0");
        assertBad("page", "page", "-1");
        assertBad("page", "page", "two");
        assertBad("page", "page", "1", "page", "2");
        assertBad("page", "page", "100000", "per_page", "100");
        assertBad("per_page", "per_page", "101");
        assertBad("per_page", "per_page", "0");
        assertBad("filters-read", "filters-read", "maybe");
        assertBad("filters-anonymized", "filters-anonymized", "true");
        assertBad("filters-channel", "filters-channel", "fax");
        assertBad("filters-direction", "filters-direction", "sideways");
        assertBad("filters-delivery_status", "filters-delivery_status", "delivered");
        assertBad("filters-ids", "filters-ids", "12345");
        assertBad("filters-location", "filters-location", "not-an-id");
        assertBad("filters-q", "filters-q", "a", "filters-q", "b");
        assertBad("filters-colour", "filters-colour", "red");

        Http.Response several = f.client.get("messages", "attributes", "colour", "per_page", "500", "filters-read", "maybe");
        assertThat(several.status()).isEqualTo(400);
        assertThat(several.json().get("arg_errors").propertyNames())
                .containsExactlyInAnyOrder("attributes", "per_page", "filters-read");
        assertThat(f.client.get("messages/" + hex(f.message().id()), "sort_by", "_id").json().get("arg_errors").has("sort_by"))
                .isTrue();
        // The one character PostgreSQL's text cannot hold.
        Http.Response nul = f.client.get("messages", "filters-q", "Ann\u0000");
        assertThat(nul.status()).as(nul.toString()).isEqualTo(400);
        assertThat(nul.json().get("arg_errors").get("filters-q").get(0).asString()).contains("U+0000");
    }

    private void assertBad(String parameter, String... parameters) {
        Http.Response answer = f.client.get("messages", parameters);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        JsonNode errors = answer.json().get("arg_errors");
        assertThat(errors.propertyNames()).as(answer.toString()).containsExactly(parameter);
        assertThat(errors.get(parameter).get(0).asString()).isNotBlank();
        assertThat(answer.json().get("hint").asString()).contains(parameter);
        assertThat(answer.header(SignedRequests.REMAINING)).isNotNull();
    }

    @Test
    void oneMessageThatIsMalformedUnknownOrAnothersIsNotFound() {
        CareHqFixture other = new CareHqFixture(f.http, conversations, contacts, db);
        long theirs = other.message().id();
        long ours = f.message().id();

        for (String id : List.of("nonsense", "6724fbcb4f73a2cebf638860", hex(ours + 1_000_000), hex(theirs))) {
            Http.Response answer = f.client.get("messages/" + id);
            assertThat(answer.status()).as(id).isEqualTo(404);
            assertThat(answer.json().get("hint").asString()).contains(id);
            assertThat(answer.json().has("arg_errors")).isTrue();
            assertThat(answer.header(SignedRequests.LIMIT)).isNotNull();
        }
        assertThat(f.client.get("messages/" + hex(ours)).status()).isEqualTo(200);
        assertThat(f.client.get("contacts").status()).as("not an endpoint").isEqualTo(404);
        assertThat(f.client.get("contacts").json().get("hint").asString()).contains("/v1/messages");
    }

    @Test
    void aCredentialSeesOnlyItsOwnTenantsMessages() {
        CareHqFixture other = new CareHqFixture(f.http, conversations, contacts, db);
        long theirs = other.message().id();
        long theirStaff = other.staff("Theirs");
        other.message().outbound().sentBy(theirStaff).id();
        long ours = f.message().id();

        assertThat(f.ids()).containsExactly(hex(ours));
        assertThat(f.client.get("messages").json().get("item_count").asLong()).isEqualTo(1);
        assertThat(f.ids("filters-ids", hex(theirs))).isEmpty();
        assertThat(f.ids("filters-location", hex(other.tenant.locationId()))).isEmpty();
        assertThat(f.ids("filters-sent_by", hex(theirStaff))).isEmpty();
        assertThat(f.client.get("messages/" + hex(theirs)).status()).isEqualTo(404);
        assertThat(other.ids()).hasSize(2).doesNotContain(hex(ours));
    }
}
