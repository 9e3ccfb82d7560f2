package dev.parley.dialects.purephone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.conversations.Channel;
import dev.parley.conversations.Conversations;
import dev.parley.conversations.Direction;
import dev.parley.conversations.MessageStatus;
import dev.parley.conversations.NewMessage;
import dev.parley.conversations.RecordedMessage;
import dev.parley.testing.Http;
import dev.parley.testing.TestTenant;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** A clinic whose phone is its location: a token bound to that location, and ways to put messages in threads. */
record PureFixture(Http http, TestTenant clinic, String token) {

    static PureFixture create(Http http) {
        TestTenant clinic = TestTenant.create(http);
        return new PureFixture(http, clinic, boundToken(http, clinic.id(), clinic.locationId(), "admin"));
    }

    /** A token of the tenant bound to one of its locations. */
    static String boundToken(Http http, long tenant, long location, String... scopes) {
        Http.Response issued = http.post("/api/v1/tenants/" + tenant + "/tokens", Http.OPERATOR_TOKEN,
                Map.of("name", "phone", "scopes", List.of(scopes), "location_id", location));
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        assertThat(issued.json().get("location_id").asLong()).isEqualTo(location);
        return issued.json().get("token").asString();
    }

    String tokenWith(String... scopes) {
        return boundToken(http, clinic.id(), clinic.locationId(), scopes);
    }

    RecordedMessage inbound(Conversations conversations, String from, String body, Instant at) {
        return conversations.record(clinic.tenantId(), new NewMessage(clinic.locationId(), Channel.SMS, Direction.INBOUND,
                from, clinic.smsNumber(), null, false, body, null, MessageStatus.RECEIVED, at, null, null, "test", null,
                List.of()));
    }

    /** An outbound message that was sent and delivered before the test (the phone's outbox, type 8). */
    RecordedMessage delivered(Conversations conversations, String to, String body, Instant at) {
        return conversations.record(clinic.tenantId(), new NewMessage(clinic.locationId(), Channel.SMS, Direction.OUTBOUND,
                to, clinic.smsNumber(), null, false, body, null, MessageStatus.DELIVERED, at, null, null, "test", null,
                List.of()));
    }

    /** The JSON text as a tree, for comparisons that ignore key order and spacing. */
    static JsonNode json(String text) {
        return Http.JSON.readTree(text);
    }
}
