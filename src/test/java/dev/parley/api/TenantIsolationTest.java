package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.conversations.Conversations;
import dev.parley.testing.Http;
import dev.parley.testing.Inbound;
import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.TestTenant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Tenant B's token on tenant A's ids answers 404 on every endpoint that takes an id, and lists show only B's. */
@ParleyIntegrationTest
class TenantIsolationTest {

    @LocalServerPort
    int port;

    @Autowired
    Conversations conversations;

    Http http;
    TestTenant a;
    TestTenant b;
    long contact;
    long conversation;
    long message;
    long template;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        a = TestTenant.create(http);
        b = TestTenant.create(http);
        contact = a.client("Alice", "OfA", TestTenant.uniqueNumber());
        var inbound = Inbound.sms(conversations, a, TestTenant.uniqueNumber(), "secret of A");
        conversation = inbound.conversationId();
        message = inbound.id();
        template = http.post("/api/v1/templates", a.token(), Map.of("body", "A's template")).json().get("id").asLong();
    }

    @Test
    void everyIdOfAnotherTenantIsNotFound() {
        List<Http.Response> answers = List.of(
                http.get("/api/v1/contacts/" + contact, b.token()),
                http.patch("/api/v1/contacts/" + contact, b.token(), Map.of("first_name", "Mallory")),
                http.delete("/api/v1/contacts/" + contact, b.token()),
                http.get("/api/v1/messages/" + message, b.token()),
                http.get("/api/v1/conversations/" + conversation, b.token()),
                http.get("/api/v1/conversations/" + conversation + "/messages", b.token()),
                http.post("/api/v1/conversations/" + conversation + "/read", b.token(), null),
                http.post("/api/v1/conversations/" + conversation + "/unread", b.token(), null),
                http.patch("/api/v1/conversations/" + conversation, b.token(), Map.of("status", "resolved")),
                http.patch("/api/v1/templates/" + template, b.token(), Map.of("body", "taken over")),
                http.delete("/api/v1/templates/" + template, b.token()),
                http.get("/api/v1/locations/" + a.locationId(), b.token()));

        assertThat(answers).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(404));
        assertThat(http.get("/api/v1/contacts/" + contact, a.token()).json().get("first_name").asString()).isEqualTo("Alice");
        assertThat(http.get("/api/v1/conversations/" + conversation, a.token()).json().get("unread_count").asInt()).isEqualTo(1);
        assertThat(http.get("/api/v1/templates", a.token()).json().size()).isEqualTo(1);
    }

    @Test
    void anotherTenantsIdsInABodyAreRefusedAndNothingIsWritten() {
        Http.Response fromAsLocation = http.post("/api/v1/messages", b.token(), Map.of("location_id", a.locationId(),
                "channel", "sms", "to", "555-555-1234", "body", "x"));
        Http.Response toAsContact = http.post("/api/v1/messages", b.token(), Map.of("location_id", b.locationId(),
                "channel", "sms", "contact_id", contact, "body", "x"));

        assertThat(fromAsLocation.status()).isEqualTo(400);
        assertThat(fromAsLocation.json().get("errors").get(0).get("field").asString()).isEqualTo("location_id");
        assertThat(toAsContact.status()).isEqualTo(400);
        assertThat(toAsContact.json().get("errors").get(0).get("field").asString()).isEqualTo("contact_id");
        assertThat(http.get("/api/v1/conversations", b.token()).json().get("items").size()).isZero();
    }

    @Test
    void listsShowOnlyTheCallersTenant() {
        JsonNode contacts = http.get("/api/v1/contacts?q=alice", b.token()).json().get("items");
        JsonNode list = http.get("/api/v1/conversations?location_id=" + a.locationId(), b.token()).json().get("items");
        JsonNode unread = http.get("/api/v1/unread", b.token()).json();

        assertThat(contacts.size()).isZero();
        assertThat(list.size()).isZero();
        assertThat(unread.get("unread_messages").asLong()).isZero();
        assertThat(http.get("/api/v1/templates", b.token()).json().size()).isZero();
        assertThat(http.get("/api/v1/locations", b.token()).json().findValuesAsString("name")).hasSize(1);
    }
}
