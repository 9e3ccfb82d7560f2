package dev.parley.dialects.practice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.contacts.Consents;
import dev.parley.conversations.Attachment;
import dev.parley.conversations.Channel;
import dev.parley.conversations.Conversations;
import dev.parley.conversations.Direction;
import dev.parley.conversations.MessageStatus;
import dev.parley.conversations.NewMessage;
import dev.parley.conversations.RecordedMessage;
import dev.parley.tenancy.Locations;
import dev.parley.tenancy.Tenants;
import dev.parley.testing.Http;
import dev.parley.testing.Inbound;
import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.TestTenant;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@ParleyIntegrationTest
class PracticeConversationsTest {

    private static final List<String> ENVELOPE = List.of("code", "description", "error", "data", "count");
    private static final List<String> CONVERSATION = List.of("id", "created_at", "updated_at", "patient", "messages");
    private static final List<String> PATIENT = List.of("id", "email", "first_name", "middle_name", "last_name", "name",
            "created_at", "updated_at", "institution_id", "foreign_id", "foreign_id_type", "bio", "inactive",
            "last_sync_time", "guarantor_id", "unsubscribe_sms");
    private static final List<String> MESSAGE = List.of("id", "body", "created_at", "updated_at", "conversation_id",
            "seen_by", "user_id", "attachment_file_name", "attachment_content_type", "attachment_file_size",
            "attachment_updated_at", "sms_msg_id", "sender_info", "attachment_url", "is_custom_reminder_response",
            "created_at_with_tz", "timezone_offset");
    private static final List<String> SENDER_INFO = List.of("name", "image", "meta_type", "user_id");
    private static final String UTC_MILLIS = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

    @LocalServerPort
    int port;

    @Autowired
    Conversations conversations;

    @Autowired
    Consents consents;

    @Autowired
    Tenants tenants;

    @Autowired
    Locations locations;

    Http http;
    TestTenant clinic;
    String subdomain;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        clinic = TestTenant.create(http);
        subdomain = tenants.get(clinic.tenantId()).subdomain();
    }

    // --- the shape and every field -------------------------------------------------------------------

    @Test
    void everyFieldOfConversationPatientAndMessageComesFromTheCore() {
        long staff = http.post("/api/v1/staff", clinic.token(), Map.of("name", "Pat Desk")).json().get("id").asLong();
        String phone = TestTenant.uniqueNumber();
        long patient = contact(Map.of("kind", "patient", "first_name", "Ada", "middle_name", "Byron",
                "last_name", "Lovelace", "email", "ada@example.com", "phones", List.of(phone),
                "external_id", "PMS-42", "external_id_type", "dentrix"));
        long reminder = outbound(phone, "Reminder: cleaning tomorrow at 9", Instant.parse("2024-01-15T14:00:00Z"), true, null).id();
        RecordedMessage reply = conversations.record(clinic.tenantId(), new NewMessage(clinic.locationId(), Channel.SMS,
                Direction.INBOUND, phone, clinic.smsNumber(), null, false, "Yes, see my x-ray", null,
                MessageStatus.RECEIVED, Instant.parse("2024-07-15T14:00:00.250Z"), null, null, "test", null,
                List.of(new Attachment("media", "https://media.example/xray.jpg", "image/jpeg", "xray.jpg", 48_213L,
                        null, null), Attachment.media("https://media.example/second.png", "image/png"))));
        long answer = outbound(phone, "Thanks Ada, see you then", Instant.parse("2024-07-15T14:05:00Z"), false, staff).id();
        conversations.markRead(clinic.tenantId(), reply.conversationId(), staff);

        JsonNode body = get(base() + "&include_messages=true");

        assertThat(fieldNames(body)).containsExactlyElementsOf(ENVELOPE);
        assertThat(body.get("code").asBoolean()).isTrue();
        assertThat(body.get("error").isArray()).isTrue();
        assertThat(body.get("error").size()).isZero();
        assertThat(body.get("count").asLong()).isEqualTo(1);
        JsonNode conversation = body.get("data").get(0);
        assertThat(fieldNames(conversation)).containsExactlyElementsOf(CONVERSATION);
        assertThat(conversation.get("id").asLong()).isEqualTo(reply.conversationId());
        assertThat(conversation.get("created_at").asString()).matches(UTC_MILLIS);
        assertThat(conversation.get("updated_at").asString()).matches(UTC_MILLIS);

        JsonNode p = conversation.get("patient");
        assertThat(fieldNames(p)).containsExactlyElementsOf(PATIENT);
        assertThat(p.get("id").asLong()).isEqualTo(patient);
        assertThat(p.get("email").asString()).isEqualTo("ada@example.com");
        assertThat(p.get("first_name").asString()).isEqualTo("Ada");
        assertThat(p.get("middle_name").asString()).isEqualTo("Byron");
        assertThat(p.get("last_name").asString()).isEqualTo("Lovelace");
        assertThat(p.get("name").asString()).isEqualTo("Ada Lovelace");
        assertThat(p.get("created_at").asString()).matches(UTC_MILLIS);
        assertThat(p.get("updated_at").asString()).matches(UTC_MILLIS);
        assertThat(p.get("institution_id").asLong()).isEqualTo(clinic.id());
        assertThat(p.get("foreign_id").asString()).isEqualTo("PMS-42");
        assertThat(p.get("foreign_id_type").asString()).isEqualTo("dentrix");
        assertThat(p.get("bio").get("phone_number").asString()).isEqualTo(phone);
        assertThat(p.get("inactive").asBoolean()).isFalse();
        assertThat(p.get("last_sync_time").isNull()).isTrue();
        assertThat(p.get("guarantor_id").isNull()).isTrue();
        assertThat(p.get("unsubscribe_sms").isBoolean()).isTrue();
        assertThat(p.get("unsubscribe_sms").asBoolean()).isFalse();

        JsonNode messages = conversation.get("messages");
        assertThat(messages.findValuesAsString("body")).as("newest first")
                .containsExactly("Thanks Ada, see you then", "Yes, see my x-ray", "Reminder: cleaning tomorrow at 9");
        messages.valueStream().forEach(m -> {
            assertThat(fieldNames(m)).containsExactlyElementsOf(MESSAGE);
            assertThat(fieldNames(m.get("sender_info"))).containsExactlyElementsOf(SENDER_INFO);
            assertThat(m.get("conversation_id").asLong()).isEqualTo(reply.conversationId());
            assertThat(m.get("sms_msg_id").asLong()).as("an SMS is its own SMS record").isEqualTo(m.get("id").asLong());
            assertThat(m.get("seen_by").valueStream().map(JsonNode::asString).toList()).containsExactly(Long.toString(staff));
            assertThat(m.get("updated_at").asString()).matches(UTC_MILLIS);
        });

        JsonNode fromStaff = messages.get(0);
        assertThat(fromStaff.get("id").asLong()).isEqualTo(answer);
        assertThat(fromStaff.get("user_id").asLong()).isEqualTo(staff);
        assertThat(fromStaff.get("sender_info").get("name").asString()).isEqualTo("Pat Desk");
        assertThat(fromStaff.get("sender_info").get("image").isNull()).isTrue();
        assertThat(fromStaff.get("sender_info").get("meta_type").asString()).isEqualTo("User");
        assertThat(fromStaff.get("sender_info").get("user_id").asLong()).isEqualTo(staff);
        assertThat(fromStaff.get("is_custom_reminder_response").asBoolean()).isFalse();
        assertThat(fromStaff.get("attachment_url").isNull()).isTrue();
        assertThat(fromStaff.get("attachment_file_name").isNull()).isTrue();

        JsonNode fromPatient = messages.get(1);
        assertThat(fromPatient.get("id").asLong()).isEqualTo(reply.id());
        assertThat(fromPatient.get("user_id").isNull()).as("the patient is no staff user").isTrue();
        assertThat(fromPatient.get("sender_info").get("name").asString()).isEqualTo("Ada Lovelace");
        assertThat(fromPatient.get("sender_info").get("meta_type").asString()).isEqualTo("Patient");
        assertThat(fromPatient.get("sender_info").get("user_id").asLong()).isEqualTo(patient);
        assertThat(fromPatient.get("is_custom_reminder_response").asBoolean()).as("replies to the automated reminder").isTrue();
        assertThat(fromPatient.get("attachment_url").asString()).as("the first attachment").isEqualTo("https://media.example/xray.jpg");
        assertThat(fromPatient.get("attachment_file_name").asString()).isEqualTo("xray.jpg");
        assertThat(fromPatient.get("attachment_content_type").asString()).isEqualTo("image/jpeg");
        assertThat(fromPatient.get("attachment_file_size").asLong()).isEqualTo(48_213L);
        assertThat(fromPatient.get("attachment_updated_at").asString()).matches(UTC_MILLIS);
        assertThat(fromPatient.get("created_at").asString()).isEqualTo("2024-07-15T14:00:00.250Z");
        assertThat(fromPatient.get("created_at_with_tz").asString()).isEqualTo("2024-07-15T10:00:00.250-04:00");
        assertThat(fromPatient.get("timezone_offset").asString()).isEqualTo("-04:00");

        JsonNode automated = messages.get(2);
        assertThat(automated.get("id").asLong()).isEqualTo(reminder);
        assertThat(automated.get("user_id").isNull()).isTrue();
        assertThat(automated.get("sender_info").get("meta_type").asString()).isEqualTo("System");
        assertThat(automated.get("sender_info").get("name").asString()).isEqualTo("Main street");
        assertThat(automated.get("sender_info").get("user_id").isNull()).isTrue();
        assertThat(automated.get("is_custom_reminder_response").asBoolean()).isFalse();
        assertThat(automated.get("created_at_with_tz").asString()).as("winter time in New York")
                .isEqualTo("2024-01-15T09:00:00.000-05:00");
        assertThat(automated.get("timezone_offset").asString()).isEqualTo("-05:00");
    }

    @Test
    void anUnseenMessageHasNoSeenByAndASecondReaderIsAdded() {
        long first = http.post("/api/v1/staff", clinic.token(), Map.of("name", "First")).json().get("id").asLong();
        long second = http.post("/api/v1/staff", clinic.token(), Map.of("name", "Second")).json().get("id").asLong();
        String phone = TestTenant.uniqueNumber();
        long conversation = Inbound.sms(conversations, clinic, phone, "hello?").conversationId();

        assertThat(messages(get(base() + "&include_messages=true")).get(0).get("seen_by").size()).isZero();

        conversations.markRead(clinic.tenantId(), conversation, first);
        conversations.markRead(clinic.tenantId(), conversation, second);

        assertThat(messages(get(base() + "&include_messages=true")).get(0).get("seen_by").valueStream()
                .map(JsonNode::asString).toList()).containsExactly(Long.toString(first), Long.toString(second));
    }

    @Test
    void anUnknownNumbersConversationHasNoPatientAndItsMessagesComeFromTheNumber() {
        String stranger = TestTenant.uniqueNumber();
        Inbound.sms(conversations, clinic, stranger, "who is this?");
        outbound(stranger, "Sent by an integration", Instant.now(), false, null);

        JsonNode conversation = get(base() + "&include_messages=true").get("data").get(0);

        assertThat(conversation.has("patient")).isTrue();
        assertThat(conversation.get("patient").isNull()).isTrue();
        JsonNode outboundMessage = conversation.get("messages").get(0);
        assertThat(outboundMessage.get("sender_info").get("meta_type").asString())
                .as("no staff user sent it: the practice's system did").isEqualTo("System");
        JsonNode inbound = conversation.get("messages").get(1);
        assertThat(inbound.get("sender_info").get("meta_type").asString()).isEqualTo("Patient");
        assertThat(inbound.get("sender_info").get("name").asString()).isEqualTo(stranger);
        assertThat(inbound.get("sender_info").get("user_id").isNull()).isTrue();
        assertThat(inbound.get("is_custom_reminder_response").asBoolean()).isFalse();
    }

    @Test
    void unsubscribeSmsFollowsTheOptOutOfTheConversationsNumber() {
        String stopped = TestTenant.uniqueNumber();
        String subscribed = TestTenant.uniqueNumber();
        clinic.client("Stop", "Ped", stopped);
        clinic.client("Still", "Here", subscribed);
        Inbound.sms(conversations, clinic, stopped, "hi", Instant.parse("2024-01-01T10:00:00Z"));
        Inbound.sms(conversations, clinic, subscribed, "hi", Instant.parse("2024-01-01T09:00:00Z"));
        consents.recordOptOut(clinic.tenantId(), "sms", stopped, "test", "STOP");

        JsonNode data = get(base()).get("data");
        assertThat(data.get(0).get("patient").get("first_name").asString()).isEqualTo("Stop");
        assertThat(data.get(0).get("patient").get("unsubscribe_sms").asBoolean()).isTrue();
        assertThat(data.get(1).get("patient").get("unsubscribe_sms").asBoolean()).isFalse();

        consents.recordOptIn(clinic.tenantId(), "sms", stopped, "test", "START");
        assertThat(get(base()).get("data").get(0).get("patient").get("unsubscribe_sms").asBoolean()).isFalse();
    }

    // --- paging ---------------------------------------------------------------------------------------

    @Test
    void conversationsComeNewestActivityFirstFiveByDefaultWithTheTotalCount() {
        List<Long> newestFirst = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            newestFirst.add(0, Inbound.sms(conversations, clinic, TestTenant.uniqueNumber(), "m" + i,
                    Instant.parse("2024-02-01T00:00:00Z").plusSeconds(i)).conversationId());
        }
        // A reply moves the oldest conversation to the top.
        long oldest = newestFirst.remove(newestFirst.size() - 1);
        newestFirst.add(0, oldest);
        outbound(conversationCounterpart(oldest), "reply", Instant.parse("2024-02-02T00:00:00Z"), false, null);

        JsonNode first = get(base());
        assertThat(ids(first)).containsExactlyElementsOf(newestFirst.subList(0, 5));
        assertThat(first.get("count").asLong()).as("the total, not the page's length").isEqualTo(7);
        JsonNode second = get(base() + "&page=2");
        assertThat(ids(second)).containsExactlyElementsOf(newestFirst.subList(5, 7));
        assertThat(second.get("count").asLong()).isEqualTo(7);
        JsonNode beyond = get(base() + "&page=3");
        assertThat(beyond.get("data").size()).isZero();
        assertThat(beyond.get("count").asLong()).isEqualTo(7);
    }

    @Test
    void walkingThePagesReturnsEveryConversationExactlyOnce() {
        List<Long> all = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            // Pairs share their time: order among equals must still be total.
            all.add(Inbound.sms(conversations, clinic, TestTenant.uniqueNumber(), "m" + i,
                    Instant.parse("2024-02-01T00:00:00Z").plusSeconds(i / 2)).conversationId());
        }

        for (int perPage : new int[] {1, 5, 7, 12, 100}) {
            List<Long> walked = new ArrayList<>();
            for (int page = 1; ; page++) {
                JsonNode body = get(base() + "&per_page=" + perPage + "&page=" + page);
                assertThat(body.get("count").asLong()).isEqualTo(12);
                if (body.get("data").isEmpty()) {
                    break;
                }
                assertThat(body.get("data").size()).isLessThanOrEqualTo(perPage);
                walked.addAll(ids(body));
            }
            assertThat(walked).as("per_page=" + perPage).doesNotHaveDuplicates();
            assertThat(new HashSet<>(walked)).isEqualTo(new HashSet<>(all));
        }
    }

    @Test
    void perPageTakesUpToAHundred() {
        for (int i = 0; i < 6; i++) {
            Inbound.sms(conversations, clinic, TestTenant.uniqueNumber(), "m" + i);
        }
        assertThat(get(base() + "&per_page=100").get("data").size()).isEqualTo(6);
        assertThat(get(base() + "&per_page=2").get("data").size()).isEqualTo(2);
        assertThat(badParameter(base() + "&per_page=101")).isEqualTo("per_page");
    }

    // --- messages ---------------------------------------------------------------------------------------

    @Test
    void includeMessagesAddsThemOnlyWhenTrue() {
        Inbound.sms(conversations, clinic, TestTenant.uniqueNumber(), "hello");

        assertThat(get(base()).get("data").get(0).has("messages")).isFalse();
        assertThat(get(base() + "&include_messages=false").get("data").get(0).has("messages")).isFalse();
        assertThat(get(base() + "&messages=3").get("data").get(0).has("messages"))
                .as("messages alone does not include them").isFalse();
        assertThat(get(base() + "&include_messages=true").get("data").get(0).get("messages").size()).isEqualTo(1);
        assertThat(get(base() + "&include_messages=TRUE").get("data").get(0).get("messages").size()).isEqualTo(1);
    }

    @Test
    void messagesLimitsEachConversationToItsNewestTwentyByDefault() {
        String busy = TestTenant.uniqueNumber();
        for (int i = 0; i < 25; i++) {
            Inbound.sms(conversations, clinic, busy, "busy " + i, Instant.parse("2024-03-01T00:00:00Z").plusSeconds(i));
        }
        String quiet = TestTenant.uniqueNumber();
        Inbound.sms(conversations, clinic, quiet, "quiet 0", Instant.parse("2024-02-01T00:00:00Z"));
        Inbound.sms(conversations, clinic, quiet, "quiet 1", Instant.parse("2024-02-01T00:00:01Z"));

        JsonNode byDefault = get(base() + "&include_messages=true").get("data");
        List<String> expected = new ArrayList<>();
        for (int i = 24; i >= 5; i--) {
            expected.add("busy " + i);
        }
        assertThat(byDefault.get(0).get("messages").findValuesAsString("body")).containsExactlyElementsOf(expected);
        assertThat(byDefault.get(1).get("messages").findValuesAsString("body")).containsExactly("quiet 1", "quiet 0");

        JsonNode three = get(base() + "&include_messages=true&messages=3").get("data");
        assertThat(three.get(0).get("messages").findValuesAsString("body")).containsExactly("busy 24", "busy 23", "busy 22");
        assertThat(three.get(1).get("messages").findValuesAsString("body")).containsExactly("quiet 1", "quiet 0");
        assertThat(get(base() + "&include_messages=true&messages=100").get("data").get(0).get("messages").size())
                .isEqualTo(25);
        assertThat(get(base() + "&include_messages=true&messages=1").get("data").get(1).get("messages")
                .findValuesAsString("body")).containsExactly("quiet 1");
    }

    @Test
    void messagesSinceKeepsMessagesAtOrAfterTheDateInEveryAcceptedForm() {
        String phone = TestTenant.uniqueNumber();
        Inbound.sms(conversations, clinic, phone, "day before", Instant.parse("2024-03-01T23:59:59.999Z"));
        Inbound.sms(conversations, clinic, phone, "midnight", Instant.parse("2024-03-02T00:00:00Z"));
        Inbound.sms(conversations, clinic, phone, "morning", Instant.parse("2024-03-02T10:15:30.500Z"));
        Inbound.sms(conversations, clinic, phone, "next day", Instant.parse("2024-03-03T08:00:00Z"));
        String withMessages = base() + "&include_messages=true&messages_since=";

        assertThat(bodies(withMessages + "2024-03-02")).as("YYYY-MM-DD: from the start of that day (UTC), inclusive")
                .containsExactly("next day", "morning", "midnight");
        assertThat(bodies(withMessages + encode("2024-03-02T10:15:30+0000"))).as("YYYY-MM-DDThh:mm:ss+0000")
                .containsExactly("next day", "morning");
        assertThat(bodies(withMessages + "2024-03-02T10:15:30+0000")).as("the same with its + sent unencoded")
                .containsExactly("next day", "morning");
        assertThat(bodies(withMessages + encode("2024-03-02T05:15:30-0500"))).as("another offset, same instant")
                .containsExactly("next day", "morning");
        assertThat(bodies(withMessages + "2024-03-02T10:15:31Z")).as("ISO-8601").containsExactly("next day");
        assertThat(bodies(withMessages + encode("2024-03-02T10:15:30.500+00:00"))).as("ISO-8601 with a fraction")
                .containsExactly("next day", "morning");
        assertThat(bodies(withMessages + "2024-03-02T00:00:00")).as("no offset: UTC")
                .containsExactly("next day", "morning", "midnight");

        JsonNode none = get(withMessages + "2024-03-04").get("data");
        assertThat(none.size()).as("the conversation is still listed").isEqualTo(1);
        assertThat(none.get(0).get("messages").size()).isZero();
    }

    @Test
    void updatedSinceKeepsConversationsUpdatedAtOrAfterTheDate() throws InterruptedException {
        long before = Inbound.sms(conversations, clinic, TestTenant.uniqueNumber(), "earlier").conversationId();
        Instant cut = waitForTheNextSecond();
        long after = Inbound.sms(conversations, clinic, TestTenant.uniqueNumber(), "later").conversationId();
        String compact = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx").withZone(ZoneOffset.UTC).format(cut);
        assertThat(compact).endsWith("+0000");

        JsonNode since = get(base() + "&updated_since=" + encode(compact));
        assertThat(ids(since)).containsExactly(after);
        assertThat(since.get("count").asLong()).as("the total counts only what the filter keeps").isEqualTo(1);
        assertThat(ids(get(base() + "&updated_since=" + cut))).as("ISO-8601").containsExactly(after);

        String shown = since.get("data").get(0).get("updated_at").asString();
        assertThat(ids(get(base() + "&updated_since=" + shown))).as("a shown updated_at keeps its own conversation")
                .containsExactly(after);

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertThat(ids(get(base() + "&updated_since=" + today.minusDays(1)))).as("YYYY-MM-DD")
                .containsExactlyInAnyOrder(before, after);
        JsonNode tomorrow = get(base() + "&updated_since=" + today.plusDays(1));
        assertThat(tomorrow.get("data").size()).isZero();
        assertThat(tomorrow.get("count").asLong()).isZero();
    }

    @Test
    void everyParameterTogether() {
        Instant base = Instant.parse("2024-04-01T12:00:00Z");
        List<Long> newestFirst = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String phone = TestTenant.uniqueNumber();
            Inbound.sms(conversations, clinic, phone, "c" + i + " old", base.minus(3, ChronoUnit.DAYS).plusSeconds(i));
            Inbound.sms(conversations, clinic, phone, "c" + i + " new 1", base.plusSeconds(i * 10L));
            newestFirst.add(0, Inbound.sms(conversations, clinic, phone, "c" + i + " new 2",
                    base.plusSeconds(i * 10L + 1)).conversationId());
        }

        JsonNode body = get(base() + "&page=2&per_page=2&include_messages=true&messages=2&messages_since=2024-04-01"
                + "&updated_since=" + LocalDate.now(ZoneOffset.UTC).minusDays(1));

        assertThat(body.get("count").asLong()).isEqualTo(6);
        assertThat(ids(body)).containsExactlyElementsOf(newestFirst.subList(2, 4));
        assertThat(body.get("data").get(0).get("messages").findValuesAsString("body")).containsExactly("c3 new 2", "c3 new 1");
        assertThat(body.get("data").get(1).get("messages").findValuesAsString("body")).containsExactly("c2 new 2", "c2 new 1");

        JsonNode one = get(base() + "&page=3&per_page=2&include_messages=true&messages=1&messages_since="
                + encode("2024-04-01T12:00:01+0000"));
        assertThat(one.get("data").get(0).get("messages").findValuesAsString("body")).containsExactly("c1 new 2");
        assertThat(one.get("data").get(1).get("messages").findValuesAsString("body")).containsExactly("c0 new 2");
    }

    @Test
    void onlyTheLocationsConversationsAreListed() {
        long elsewhere = locations.create(clinic.tenantId(), new Locations.NewLocation("Branch", null, null,
                TestTenant.uniqueNumber(), null, null)).id();
        String phone = TestTenant.uniqueNumber();
        long here = Inbound.sms(conversations, clinic, phone, "main").conversationId();
        conversations.record(clinic.tenantId(), new NewMessage(elsewhere, Channel.SMS, Direction.INBOUND, phone,
                locations.get(clinic.tenantId(), elsewhere).smsNumber(), null, false, "branch", null,
                MessageStatus.RECEIVED, null, null, null, "test", null, List.of()));

        assertThat(ids(get(base()))).containsExactly(here);
        JsonNode branch = get("subdomain=" + subdomain + "&location_id=" + elsewhere + "&include_messages=true");
        assertThat(branch.get("count").asLong()).isEqualTo(1);
        assertThat(branch.get("data").get(0).get("messages").findValuesAsString("body")).containsExactly("branch");
    }

    // --- errors -----------------------------------------------------------------------------------------

    @Test
    void badParametersAnswer400NamingThemInTheEnvelope() {
        String location = "&location_id=" + clinic.locationId();
        assertThat(badParameter("location_id=" + clinic.locationId())).isEqualTo("subdomain");
        assertThat(badParameter("subdomain=%20" + location)).isEqualTo("subdomain");
        assertThat(badParameter("subdomain=" + subdomain)).isEqualTo("location_id");
        assertThat(badParameter("subdomain=" + subdomain + "&location_id=main")).isEqualTo("location_id");
        assertThat(badParameter("subdomain=" + subdomain + "&location_id=0")).isEqualTo("location_id");
        assertThat(badParameter(base() + "&page=0")).isEqualTo("page");
        assertThat(badParameter(base() + "&page=two")).isEqualTo("page");
        assertThat(badParameter(base() + "&page=-1")).isEqualTo("page");
        assertThat(badParameter(base() + "&per_page=0")).isEqualTo("per_page");
        assertThat(badParameter(base() + "&per_page=101")).isEqualTo("per_page");
        assertThat(badParameter(base() + "&per_page=2.5")).isEqualTo("per_page");
        assertThat(badParameter(base() + "&messages=0")).isEqualTo("messages");
        assertThat(badParameter(base() + "&messages=101")).isEqualTo("messages");
        assertThat(badParameter(base() + "&messages=all")).isEqualTo("messages");
        assertThat(badParameter(base() + "&messages_since=yesterday")).isEqualTo("messages_since");
        assertThat(badParameter(base() + "&messages_since=2024-13-01")).isEqualTo("messages_since");
        assertThat(badParameter(base() + "&messages_since=2024-02-30")).isEqualTo("messages_since");
        assertThat(badParameter(base() + "&updated_since=01/02/2024")).isEqualTo("updated_since");
        assertThat(badParameter(base() + "&updated_since=99999-01-01")).isEqualTo("updated_since");
        assertThat(badParameter(base() + "&include_messages=yes")).isEqualTo("include_messages");
        assertThat(badParameter(base() + "&page=2002&per_page=5")).as("past the offset cap").isEqualTo("page");
        assertThat(get(base() + "&page=2001&per_page=5").get("data").size()).as("the last page within the cap").isZero();
    }

    @Test
    void severalBadParametersAreAllNamed() {
        Http.Response response = http.get("/conversations?location_id=x&per_page=500&messages_since=soon", clinic.token());

        assertThat(response.status()).isEqualTo(400);
        JsonNode body = response.json();
        assertThat(body.get("error").valueStream().map(JsonNode::asString).map(e -> e.split(" ")[0]).toList())
                .containsExactly("subdomain", "location_id", "per_page", "messages_since");
        assertThat(body.get("description").asString()).contains("subdomain", "location_id", "per_page", "messages_since");
    }

    @Test
    void noTokenOrABadTokenAnswers401() {
        for (String token : new String[] {null, "prl_not_a_token", clinic.token() + "x"}) {
            Http.Response response = http.get("/conversations?" + base(), token);
            assertThat(response.status()).as(String.valueOf(token)).isEqualTo(401);
            assertFailureEnvelope(response.json());
            assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
        }
    }

    @Test
    void aSubdomainTheTokenMayNotUseAnswers403() {
        TestTenant other = TestTenant.create(http);
        String theirs = tenants.get(other.tenantId()).subdomain();

        Http.Response foreign = http.get("/conversations?subdomain=" + theirs + "&location_id=" + clinic.locationId(),
                clinic.token());
        assertThat(foreign.status()).isEqualTo(403);
        assertFailureEnvelope(foreign.json());
        assertThat(foreign.json().get("description").asString()).contains("subdomain");

        assertThat(http.get("/conversations?subdomain=nobody-" + System.nanoTime() + "&location_id="
                + clinic.locationId(), clinic.token()).status()).isEqualTo(403);
        Http.Response noReadScope = http.get("/conversations?" + base(), clinic.tokenWith("send"));
        assertThat(noReadScope.status()).isEqualTo(403);
        assertFailureEnvelope(noReadScope.json());
        assertThat(http.get("/conversations?" + base(), clinic.tokenWith("read")).status()).isEqualTo(200);
        assertThat(http.get("/conversations?subdomain=" + subdomain.toUpperCase() + "&location_id="
                + clinic.locationId(), clinic.token()).status()).as("subdomains are not case-sensitive").isEqualTo(200);
    }

    @Test
    void aLocationOutsideTheInstitutionAnswers404() {
        TestTenant other = TestTenant.create(http);

        Http.Response theirs = http.get("/conversations?subdomain=" + subdomain + "&location_id=" + other.locationId(),
                clinic.token());
        assertThat(theirs.status()).isEqualTo(404);
        assertFailureEnvelope(theirs.json());
        assertThat(theirs.json().get("error").get(0).asString()).startsWith("location_id");
        assertThat(http.get("/conversations?subdomain=" + subdomain + "&location_id=" + Long.MAX_VALUE, clinic.token())
                .status()).isEqualTo(404);
    }

    @Test
    void anotherTenantsConversationsNeverShow() {
        TestTenant other = TestTenant.create(http);
        String shared = TestTenant.uniqueNumber();
        other.client("Their", "Patient", shared);
        Inbound.sms(conversations, other, shared, "their secret");
        String theirSubdomain = tenants.get(other.tenantId()).subdomain();

        JsonNode mine = get(base() + "&include_messages=true");
        assertThat(mine.get("data").size()).isZero();
        assertThat(mine.get("count").asLong()).isZero();
        assertThat(http.get("/conversations?subdomain=" + theirSubdomain + "&location_id=" + other.locationId(),
                clinic.token()).status()).isEqualTo(403);
        assertThat(http.get("/conversations?subdomain=" + subdomain + "&location_id=" + other.locationId(),
                clinic.token()).status()).isEqualTo(404);
        assertThat(http.get("/conversations?subdomain=" + subdomain + "&location_id=" + clinic.locationId(),
                other.token()).status()).as("their token on my institution").isEqualTo(403);
        JsonNode theirs = http.get("/conversations?subdomain=" + theirSubdomain + "&location_id=" + other.locationId()
                + "&include_messages=true", other.token()).json();
        assertThat(theirs.get("count").asLong()).isEqualTo(1);
        assertThat(theirs.get("data").get(0).get("patient").get("institution_id").asLong()).isEqualTo(other.id());
    }

    // --- helpers ----------------------------------------------------------------------------------------

    private String base() {
        return "subdomain=" + subdomain + "&location_id=" + clinic.locationId();
    }

    private long contact(Map<String, Object> body) {
        Http.Response created = http.post("/api/v1/contacts", clinic.token(), body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    private RecordedMessage outbound(String to, String body, Instant at, boolean automated, Long sentBy) {
        return conversations.record(clinic.tenantId(), new NewMessage(clinic.locationId(), Channel.SMS,
                Direction.OUTBOUND, to, clinic.smsNumber(), null, automated, body, null, MessageStatus.SENT, at, null,
                sentBy, "test", null, List.of()));
    }

    private String conversationCounterpart(long conversationId) {
        return conversations.get(clinic.tenantId(), conversationId).counterpart();
    }

    private JsonNode get(String query) {
        Http.Response response = http.get("/conversations?" + query, clinic.token());
        assertThat(response.status()).as(query + " -> " + response).isEqualTo(200);
        return response.json();
    }

    private List<String> bodies(String query) {
        return get(query).get("data").get(0).get("messages").findValuesAsString("body");
    }

    private static List<JsonNode> messages(JsonNode body) {
        return body.get("data").get(0).get("messages").valueStream().toList();
    }

    private static List<Long> ids(JsonNode body) {
        return body.get("data").valueStream().map(c -> c.get("id").asLong()).toList();
    }

    /** Asks with a bad parameter; checks the answer is the 400 envelope and returns the parameter it names. */
    private String badParameter(String query) {
        Http.Response response = http.get("/conversations?" + query, clinic.token());
        assertThat(response.status()).as(query + " -> " + response).isEqualTo(400);
        JsonNode body = response.json();
        assertFailureEnvelope(body);
        assertThat(body.get("error").size()).as(response.toString()).isEqualTo(1);
        String parameter = body.get("error").get(0).asString().split(" ")[0];
        assertThat(body.get("description").asString()).startsWith(parameter + " ");
        return parameter;
    }

    private static void assertFailureEnvelope(JsonNode body) {
        assertThat(fieldNames(body)).containsExactlyElementsOf(ENVELOPE);
        assertThat(body.get("code").isBoolean()).isTrue();
        assertThat(body.get("code").asBoolean()).isFalse();
        assertThat(body.get("description").asString()).isNotBlank();
        assertThat(body.get("error").isArray()).isTrue();
        assertThat(body.get("error").size()).isPositive();
        assertThat(body.get("data").isNull()).isTrue();
        assertThat(body.get("count").isNull()).isTrue();
    }

    private static List<String> fieldNames(JsonNode node) {
        return node.propertyNames().stream().toList();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** Waits until a new second has begun, and returns that second, so that what happens next is after it. */
    private static Instant waitForTheNextSecond() throws InterruptedException {
        Instant now = Instant.now();
        Instant next = now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        Thread.sleep(ChronoUnit.MILLIS.between(now, next) + 20);
        return next;
    }
}
