package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.conversations.Conversations;
import dev.parley.testing.Http;
import dev.parley.testing.Inbound;
import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.TestTenant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@ParleyIntegrationTest
class ConversationApiTest {

    @LocalServerPort
    int port;

    @Autowired
    Conversations conversations;

    Http http;
    TestTenant clinic;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        clinic = TestTenant.create(http);
    }

    @Test
    void anInboundMessageFromAnUnknownNumberStartsAConversationWithNoContact() {
        String stranger = TestTenant.uniqueNumber();
        Inbound.sms(conversations, clinic, stranger, "Is the clinic open Saturday?");

        JsonNode item = list("").get(0);

        assertThat(item.get("counterpart").asString()).isEqualTo(stranger);
        assertThat(item.get("contact").isNull()).isTrue();
        assertThat(item.get("unread_count").asInt()).isEqualTo(1);
        assertThat(item.get("awaiting_reply_since").isNull()).isFalse();
        assertThat(item.get("last_message").get("body").asString()).isEqualTo("Is the clinic open Saturday?");
    }

    @Test
    void aContactCreatedLaterIsLinkedToTheConversationsOfItsNumber() {
        String number = TestTenant.uniqueNumber();
        Inbound.sms(conversations, clinic, number, "Hello?");

        long contact = clinic.client("Nora", "Late", number);

        assertThat(list("").get(0).get("contact").get("id").asLong()).isEqualTo(contact);
    }

    @Test
    void aStaffReplyClearsAwaitingReplyButNotUnreadAndAnAutomatedOneClearsNeither() {
        String number = TestTenant.uniqueNumber();
        Inbound.sms(conversations, clinic, number, "Can I book?");
        http.post("/api/v1/messages", clinic.token(), Map.of("location_id", clinic.locationId(), "channel", "sms",
                "to", number, "body", "Auto: we will reply soon", "automated", true));

        JsonNode afterAuto = list("").get(0);
        assertThat(afterAuto.get("awaiting_reply_since").isNull()).isFalse();
        assertThat(afterAuto.get("unread_count").asInt()).isEqualTo(1);

        clinic.sendSms(number, "Yes, 3pm works");
        JsonNode afterReply = list("").get(0);
        assertThat(afterReply.get("awaiting_reply_since").isNull()).isTrue();
        assertThat(afterReply.get("unread_count").asInt()).as("a reply is not a read").isEqualTo(1);
        assertThat(afterReply.get("message_count").asInt()).isEqualTo(3);
    }

    @Test
    void readAndUnreadMoveTheCountsAndTotals() {
        String number = TestTenant.uniqueNumber();
        long conversation = Inbound.sms(conversations, clinic, number, "one").conversationId();
        Inbound.sms(conversations, clinic, number, "two");
        assertThat(unreadTotal()).isEqualTo(2);

        JsonNode read = http.post("/api/v1/conversations/" + conversation + "/read", clinic.token(), null).json();
        assertThat(read.get("unread_count").asInt()).isZero();
        assertThat(unreadTotal()).isZero();

        JsonNode unread = http.post("/api/v1/conversations/" + conversation + "/unread", clinic.token(), null).json();
        assertThat(unread.get("unread_count").asInt()).isEqualTo(1);
        assertThat(unreadTotal()).isEqualTo(1);
        assertThat(list("?unread=true")).hasSize(1);
        assertThat(list("?unread=false")).isEmpty();
    }

    @Test
    void readingWithAStaffUserRecordsASeenReceipt() {
        long staff = http.post("/api/v1/staff", clinic.token(), Map.of("name", "Pat Desk")).json().get("id").asLong();
        long conversation = Inbound.sms(conversations, clinic, TestTenant.uniqueNumber(), "hi").conversationId();

        http.post("/api/v1/conversations/" + conversation + "/read", clinic.token(), Map.of("staff_user_id", staff));

        JsonNode message = http.get("/api/v1/conversations/" + conversation + "/messages", clinic.token())
                .json().get("items").get(0);
        assertThat(message.get("read").asBoolean()).isTrue();
        assertThat(message.get("read_by").asLong()).isEqualTo(staff);
        assertThat(message.get("seen_by").get(0).get("staff_user_id").asLong()).isEqualTo(staff);
    }

    @Test
    void markingUnreadAConversationWithNoInboundMessageIsAConflict() {
        long conversation = clinic.sendSms(TestTenant.uniqueNumber(), "hello").json().get("conversation_id").asLong();

        assertThat(http.post("/api/v1/conversations/" + conversation + "/unread", clinic.token(), null).status())
                .isEqualTo(409);
    }

    @Test
    void conversationsPageNewestActivityFirstAndEveryOneAppearsOnce() {
        Instant start = Instant.parse("2026-01-01T10:00:00Z");
        List<Long> expected = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            // Several share one activity time, so the id must break the tie.
            expected.add(0, Inbound.sms(conversations, clinic, TestTenant.uniqueNumber(), "m" + i,
                    start.plusSeconds(i / 3)).conversationId());
        }
        List<Long> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = http.get("/api/v1/conversations?limit=3" + (cursor == null ? "" : "&cursor=" + cursor),
                    clinic.token()).json();
            page.get("items").forEach(i -> seen.add(i.get("id").asLong()));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asString();
        } while (cursor != null);

        assertThat(seen).hasSize(7);
        assertThat(new HashSet<>(seen)).hasSize(7);
        assertThat(Set.copyOf(seen)).isEqualTo(Set.copyOf(expected));
        assertThat(seen.get(6)).as("the oldest is last").isIn(expected.subList(4, 7));
    }

    @Test
    void messagesPageNewestFirstWithACursor() {
        String number = TestTenant.uniqueNumber();
        long conversation = 0;
        for (int i = 0; i < 5; i++) {
            conversation = Inbound.sms(conversations, clinic, number, "m" + i, Instant.parse("2026-02-01T10:00:00Z")
                    .plusSeconds(i)).conversationId();
        }
        JsonNode first = http.get("/api/v1/conversations/" + conversation + "/messages?limit=2", clinic.token()).json();
        JsonNode rest = http.get("/api/v1/conversations/" + conversation + "/messages?limit=10&before="
                + first.get("next_cursor").asString(), clinic.token()).json();

        assertThat(first.get("items").findValuesAsString("body")).containsExactly("m4", "m3");
        assertThat(rest.get("items").findValuesAsString("body")).containsExactly("m2", "m1", "m0");
        assertThat(rest.get("next_cursor").isNull()).isTrue();
    }

    @Test
    void filtersNarrowTheList() {
        String awaiting = TestTenant.uniqueNumber();
        Inbound.sms(conversations, clinic, awaiting, "help");
        long eric = clinic.client("Eric", "Choi", TestTenant.uniqueNumber());
        http.post("/api/v1/messages", clinic.token(), Map.of("location_id", clinic.locationId(), "channel", "sms",
                "contact_id", eric, "body", "Hi Eric"));

        assertThat(list("?awaiting_reply=true")).hasSize(1);
        assertThat(list("?awaiting_reply=false")).hasSize(1);
        assertThat(list("?q=choi").get(0).get("contact").get("id").asLong()).isEqualTo(eric);
        assertThat(list("?q=" + awaiting.substring(5))).hasSize(1);
        assertThat(list("?location_id=" + clinic.locationId())).hasSize(2);
        assertThat(list("?status=open")).hasSize(2);
        assertThat(list("?status=resolved")).isEmpty();
    }

    @Test
    void patchSetsStatusAssigneeAndTagsAndAnInboundMessageReopens() {
        long staff = http.post("/api/v1/staff", clinic.token(), Map.of("name", "Sam")).json().get("id").asLong();
        String number = TestTenant.uniqueNumber();
        long conversation = Inbound.sms(conversations, clinic, number, "hi").conversationId();

        JsonNode patched = http.patch("/api/v1/conversations/" + conversation, clinic.token(),
                Map.of("status", "resolved", "assignee_id", staff, "tags", List.of("billing", "urgent"))).json();
        assertThat(patched.get("status").asString()).isEqualTo("resolved");
        assertThat(patched.get("assignee_id").asLong()).isEqualTo(staff);
        assertThat(patched.get("tags").toString()).isEqualTo("[\"billing\",\"urgent\"]");

        Inbound.sms(conversations, clinic, number, "one more thing");
        assertThat(http.get("/api/v1/conversations/" + conversation, clinic.token()).json().get("status").asString())
                .isEqualTo("open");
    }

    @Test
    void badPatchesAndParametersAnswer400NamingThem() {
        long conversation = Inbound.sms(conversations, clinic, TestTenant.uniqueNumber(), "hi").conversationId();

        assertThat(field(http.patch("/api/v1/conversations/" + conversation, clinic.token(), Map.of("status", "done"))))
                .isEqualTo("status");
        assertThat(field(http.patch("/api/v1/conversations/" + conversation, clinic.token(), Map.of("assignee_id", 999999))))
                .isEqualTo("assignee_id");
        assertThat(field(http.patch("/api/v1/conversations/" + conversation, clinic.token(), Map.of("status", "snoozed"))))
                .isEqualTo("snoozed_until");
        assertThat(field(http.get("/api/v1/conversations?limit=0", clinic.token()))).isEqualTo("limit");
        assertThat(field(http.get("/api/v1/conversations?limit=abc", clinic.token()))).isEqualTo("limit");
        assertThat(field(http.get("/api/v1/conversations?status=closed", clinic.token()))).isEqualTo("status");
        assertThat(field(http.get("/api/v1/conversations?cursor=%25%25%25", clinic.token()))).isEqualTo("cursor");
        assertThat(field(http.get("/api/v1/conversations?unread=maybe", clinic.token()))).isEqualTo("unread");
        assertThat(field(http.patch("/api/v1/conversations/" + conversation, clinic.token(), Map.of("status", "snoozed",
                "snoozed_until", "+300000-01-01T00:00:00Z")))).isEqualTo("snoozed_until");
        assertThat(field(http.patch("/api/v1/conversations/" + conversation, clinic.token(),
                Map.of("snoozed_until", Instant.now().plusSeconds(3600).toString())))).isEqualTo("snoozed_until");
        assertThat(field(http.get("/api/v1/conversations?q=Ann%00", clinic.token()))).isEqualTo("q");
        JsonNode unchanged = http.get("/api/v1/conversations/" + conversation, clinic.token()).json();
        assertThat(unchanged.get("status").asString()).isEqualTo("open");
        assertThat(unchanged.get("snoozed_until").isNull()).isTrue();
    }

    @Test
    void unreadTotalsArePerLocationAndSplitKnownFromUnknown() {
        long second = http.post("/api/v1/locations", clinic.token(), Map.of("name", "North", "timezone", "UTC",
                "sms_number", TestTenant.uniqueNumber())).json().get("id").asLong();
        String known = TestTenant.uniqueNumber();
        clinic.client("Known", "Person", known);
        Inbound.sms(conversations, clinic, known, "a");
        Inbound.sms(conversations, clinic, TestTenant.uniqueNumber(), "b");
        Inbound.sms(conversations, clinic, TestTenant.uniqueNumber(), "c");

        JsonNode totals = http.get("/api/v1/unread", clinic.token()).json();

        assertThat(totals.get("unread_messages").asLong()).isEqualTo(3);
        JsonNode main = totals.get("locations").get(0);
        assertThat(main.get("location_id").asLong()).isEqualTo(clinic.locationId());
        assertThat(main.get("from_known_contacts").asLong()).isEqualTo(1);
        assertThat(main.get("from_unknown_numbers").asLong()).isEqualTo(2);
        assertThat(totals.get("locations").findValuesAsString("location_id")).doesNotContain(Long.toString(second));
    }

    private String field(Http.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        return response.json().get("errors").get(0).get("field").asString();
    }

    private List<JsonNode> list(String query) {
        Http.Response response = http.get("/api/v1/conversations" + query, clinic.token());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get("items").valueStream().toList();
    }

    private long unreadTotal() {
        return http.get("/api/v1/unread", clinic.token()).json().get("unread_messages").asLong();
    }
}
