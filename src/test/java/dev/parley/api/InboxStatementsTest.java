package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.conversations.Attachment;
import dev.parley.conversations.Channel;
import dev.parley.conversations.Conversations;
import dev.parley.conversations.Direction;
import dev.parley.conversations.MessageStatus;
import dev.parley.conversations.NewMessage;
import dev.parley.testing.Http;
import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.QueryCounter;
import dev.parley.testing.SqlCounter;
import dev.parley.testing.TestTenant;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The inbox's two hottest reads cost one statement each: a page of conversations is read with its contacts' names
 * and its last messages, their attachments and seen receipts; a page of a thread with its attachments and
 * receipts. Every message here has an attachment and a receipt,
 * so nothing is skipped for being empty. Both, and the unread totals, run SQL that jOOQ rendered once for their
 * shape (ADR 0026).
 */
@ParleyIntegrationTest
class InboxStatementsTest {

    @LocalServerPort
    int port;

    @Autowired
    Conversations conversations;

    @Autowired
    QueryCounter queries;

    @Autowired
    SqlCounter sql;

    Http http;
    TestTenant clinic;
    long staff;
    long lastConversation;

    @BeforeEach
    void tenMessagedClients() {
        http = new Http(port);
        clinic = TestTenant.create(http);
        staff = http.post("/api/v1/staff", clinic.token(), Map.of("name", "Pat Desk")).json().get("id").asLong();
        Instant start = Instant.parse("2024-05-01T09:00:00Z");
        for (int i = 0; i < 10; i++) {
            String phone = TestTenant.uniqueNumber();
            clinic.client("Client", "No" + i, phone);
            for (int m = 0; m < 3; m++) {
                lastConversation = conversations.record(clinic.tenantId(), new NewMessage(clinic.locationId(), Channel.SMS,
                        Direction.INBOUND, phone, clinic.smsNumber(), null, false, "photo " + i + "." + m, null,
                        MessageStatus.RECEIVED, start.plusSeconds(i * 10L + m), null, null, "test", null,
                        List.of(Attachment.media("https://media.example/" + i + "-" + m + ".jpg", "image/jpeg"))))
                        .conversationId();
            }
            conversations.markRead(clinic.tenantId(), lastConversation, staff);
        }
    }

    @Test
    void aConversationListPageIsOneStatement() {
        String tag = UUID.randomUUID().toString();
        JsonNode page = get("/api/v1/conversations?limit=10", tag);

        assertThat(page.get("items").size()).isEqualTo(10);
        page.get("items").valueStream().forEach(item -> {
            assertThat(item.get("contact").get("first_name").asString()).isEqualTo("Client");
            JsonNode last = item.get("last_message");
            assertThat(last.get("body").asString()).endsWith(".2");
            assertThat(last.get("attachments").get(0).get("url").asString()).endsWith("-2.jpg");
            assertThat(last.get("seen_by").get(0).get("staff_user_id").asLong()).isEqualTo(staff);
        });
        assertThat(queries.statementsFor(tag)).isEqualTo(1);
    }

    @Test
    void aThreadPageIsOneStatement() {
        String tag = UUID.randomUUID().toString();
        JsonNode page = get("/api/v1/conversations/" + lastConversation + "/messages?limit=3", tag);

        assertThat(page.get("items").size()).isEqualTo(3);
        page.get("items").valueStream().forEach(message -> {
            assertThat(message.get("attachments").size()).isEqualTo(1);
            assertThat(message.get("seen_by").get(0).get("staff_user_id").asLong()).isEqualTo(staff);
        });
        assertThat(queries.statementsFor(tag)).isEqualTo(1);
    }

    @Test
    void listThreadAndUnreadRunSqlRenderedBeforeAndASearchIsRenderedForItsRequest() {
        JsonNode first = get("/api/v1/conversations?limit=4", UUID.randomUUID().toString());
        String older = get("/api/v1/conversations/" + lastConversation + "/messages?limit=1", UUID.randomUUID().toString())
                .get("next_cursor").asString();
        List<String> paths = List.of(
                "/api/v1/conversations?limit=4&cursor=" + first.get("next_cursor").asString(),
                "/api/v1/conversations?limit=4&location_id=" + clinic.locationId() + "&status=open&unread=false&channel=sms",
                "/api/v1/conversations/" + lastConversation + "/messages?limit=1&before=" + older,
                "/api/v1/unread");
        List<String> tags = paths.stream().map(p -> UUID.randomUUID().toString()).toList();

        List<String> renderedByJooq = sql.statementsDuring(() -> {
            for (int i = 0; i < paths.size(); i++) {
                Http.Response response = http.send("GET", paths.get(i), clinic.token(), null,
                        Map.of(QueryCounter.HEADER, tags.get(i)));
                assertThat(response.status()).as(response.toString()).isEqualTo(200);
                JsonNode body = response.json();
                if (body.has("items")) {
                    assertThat(body.get("items").size()).isPositive();
                } else {
                    assertThat(body.get("unread_messages").asLong()).isZero(); // every conversation was read above
                }
            }
        });
        assertThat(renderedByJooq).isEmpty();
        tags.forEach(tag -> assertThat(queries.statementsFor(tag)).isEqualTo(1));

        List<String> search = sql.statementsDuring(() -> assertThat(http.send("GET", "/api/v1/conversations?q=Client",
                clinic.token(), null, Map.of()).status()).isEqualTo(200));
        assertThat(search).singleElement().asString()
                .contains("\"conversation\".\"tenant_id\" = " + clinic.tenantId().value()).contains("like '%client%'");
    }

    @Test
    void anEmptyThreadPageStillTellsAnotherTenantsConversationFromAnEmptyOne() {
        TestTenant other = TestTenant.create(http);
        Http.Response foreign = http.send("GET", "/api/v1/conversations/" + lastConversation + "/messages?limit=3",
                other.token(), null, Map.of());
        assertThat(foreign.status()).isEqualTo(404);
    }

    private JsonNode get(String path, String tag) {
        // A request just before, so that the token is verified (and trusted for a while) outside the count.
        assertThat(http.get("/api/v1/unread", clinic.token()).status()).isEqualTo(200);
        Http.Response response = http.send("GET", path, clinic.token(), null, Map.of(QueryCounter.HEADER, tag));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }
}
