package dev.parley.dialects.purephone;

import static dev.parley.dialects.purephone.PureFixture.json;
import static dev.parley.dialects.purephone.PurePhoneTest.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.conversations.Conversations;
import dev.parley.conversations.RecordedMessage;
import dev.parley.dialects.purephone.PureClient.Transport;
import dev.parley.testing.Http;
import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.TestTenant;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * A phone sees its own location's threads and messages and its tenant's templates, and nothing else: an id of
 * another location or tenant is not found, whatever the operation, and lists and counts leave them out.
 */
@ParleyIntegrationTest
class PureIsolationTest {

    @LocalServerPort
    int port;

    @Autowired
    PureTcpServer tcp;

    @Autowired
    Conversations conversations;

    Http http;
    PureFixture mine;
    PureFixture otherTenant;
    long otherLocation;
    String otherLocationNumber;
    RecordedMessage ownMessage;
    RecordedMessage otherLocationMessage;
    RecordedMessage otherTenantMessage;
    long otherTenantTemplate;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        mine = PureFixture.create(http);
        otherTenant = PureFixture.create(http);
        otherLocationNumber = TestTenant.uniqueNumber();
        Http.Response location = http.post("/api/v1/locations", mine.clinic().token(),
                Map.of("name", "Second site", "sms_number", otherLocationNumber));
        assertThat(location.status()).as(location.toString()).isEqualTo(201);
        otherLocation = location.json().get("id").asLong();
        String counterpart = TestTenant.uniqueNumber();
        ownMessage = mine.inbound(conversations, counterpart, "secret of my site", Instant.now().minusSeconds(3));
        otherLocationMessage = conversations.record(mine.clinic().tenantId(), new dev.parley.conversations.NewMessage(
                otherLocation, dev.parley.conversations.Channel.SMS, dev.parley.conversations.Direction.INBOUND, counterpart,
                otherLocationNumber, null, false, "secret of the second site", null,
                dev.parley.conversations.MessageStatus.RECEIVED, Instant.now().minusSeconds(2), null, null, "test", null,
                List.of()));
        otherTenantMessage = otherTenant.inbound(conversations, counterpart, "secret of another tenant", Instant.now());
        try (PureClient theirs = PureClient.connect(Transport.HTTP, port, tcp.port(), otherTenant.token(), null)) {
            otherTenantTemplate = theirs.send(envelope(2, "{\"category\": \"template\", \"templateBody\": \"theirs\"}"))
                    .get("body").get("templateID").asLong();
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void idsOfAnotherLocationOrTenantAreNotFound(Transport transport) {
        try (PureClient pure = PureClient.connect(transport, port, tcp.port(), mine.token(), null)) {
            for (RecordedMessage foreign : List.of(otherLocationMessage, otherTenantMessage)) {
                long thread = foreign.conversationId();
                long message = foreign.id();
                for (String body : List.of(
                        envelope(1, "{\"category\": \"thread\", \"threadID\": " + thread + "}"),
                        envelope(3, "{\"category\": \"thread\", \"threadID\": " + thread + ", \"isUnread\": false}"),
                        envelope(4, "{\"category\": \"thread\", \"threadID\": " + thread + "}"),
                        envelope(1, "{\"category\": \"message\", \"threadID\": " + thread + ", \"limit\": 4}"),
                        envelope(1, "{\"category\": \"message\", \"messageID\": " + message + "}"),
                        envelope(3, "{\"category\": \"message\", \"messageID\": " + message + ", \"messageBody\": \"x\"}"),
                        envelope(4, "{\"category\": \"message\", \"messageID\": " + message + "}"))) {
                    assertThat(pure.send(body)).as(body).isEqualTo(json("{\"endpoint\": 8, \"status\": 404, \"uuid\": 123}"));
                }
            }
            for (int method : new int[] {1, 4}) {
                assertThat(pure.send(envelope(method, "{\"category\": \"template\", \"templateID\": " + otherTenantTemplate + "}")))
                        .isEqualTo(json("{\"endpoint\": 8, \"status\": 404, \"uuid\": 123}"));
            }
            assertThat(pure.send(envelope(3, "{\"category\": \"template\", \"templateID\": " + otherTenantTemplate
                    + ", \"templateBody\": \"mine now\"}"))).isEqualTo(json("{\"endpoint\": 8, \"status\": 404, \"uuid\": 123}"));
        }
        assertThat(conversations.message(mine.clinic().tenantId(), otherLocationMessage.id()).body())
                .isEqualTo("secret of the second site");
        assertThat(conversations.get(mine.clinic().tenantId(), otherLocationMessage.conversationId()).unreadCount()).isEqualTo(1);
        assertThat(conversations.message(otherTenant.clinic().tenantId(), otherTenantMessage.id()).body())
                .isEqualTo("secret of another tenant");
        try (PureClient theirs = PureClient.connect(Transport.HTTP, port, tcp.port(), otherTenant.token(), null)) {
            assertThat(theirs.send(envelope(1, "{\"category\": \"template\", \"templateID\": " + otherTenantTemplate + "}"))
                    .get("body").get("templateBody").asString()).isEqualTo("theirs");
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void listsCountsAndSearchesShowOnlyTheOwnLocation(Transport transport) {
        try (PureClient pure = PureClient.connect(transport, port, tcp.port(), mine.token(), null)) {
            assertThat(ids(pure, "{\"category\": \"thread\", \"limit\": 10}", "threadID"))
                    .containsExactly(ownMessage.conversationId());
            assertThat(ids(pure, "{\"category\": \"message\", \"limit\": 10}", "messageID")).containsExactly(ownMessage.id());
            assertThat(ids(pure, "{\"category\": \"message\", \"messageBody\": \"secret\", \"limit\": 10}", "messageID"))
                    .containsExactly(ownMessage.id());
            assertThat(pure.send(envelope(1, "{\"category\": \"message\", \"count\": true}")).get("body").get("count").asInt())
                    .isEqualTo(1);
            assertThat(pure.send(envelope(1, "{\"category\": \"template\", \"count\": true}")).get("body").get("count").asInt())
                    .isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aTokenOfTheWholeTenantNamesItsLocation(Transport transport) {
        try (PureClient pure = PureClient.connect(transport, port, tcp.port(), mine.clinic().token(), otherLocation)) {
            assertThat(ids(pure, "{\"category\": \"thread\", \"limit\": 10}", "threadID"))
                    .containsExactly(otherLocationMessage.conversationId());
            JsonNode sent = pure.send(envelope(2, "{\"category\": \"message\", \"number\": \"" + TestTenant.uniqueNumber()
                    + "\", \"messageBody\": \"from the second site\"}"));
            assertThat(conversations.message(mine.clinic().tenantId(), sent.get("body").get("messageID").asLong()).fromAddress())
                    .isEqualTo(otherLocationNumber);
        }
        String boundToSecond = PureFixture.boundToken(http, mine.clinic().id(), otherLocation, "read");
        try (PureClient pure = PureClient.connect(transport, port, tcp.port(), boundToSecond, null)) {
            assertThat(ids(pure, "{\"category\": \"thread\", \"limit\": 10}", "threadID"))
                    .contains(otherLocationMessage.conversationId()).doesNotContain(ownMessage.conversationId());
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void eachOperationNeedsItsScope(Transport transport) {
        String number = TestTenant.uniqueNumber();
        String send = "{\"category\": \"message\", \"number\": \"" + number + "\", \"messageBody\": \"hi\"}";
        String draft = "{\"category\": \"message\", \"number\": \"" + number + "\", \"messageBody\": \"hi\", \"messageType\": 1}";
        try (PureClient reader = PureClient.connect(transport, port, tcp.port(), mine.tokenWith("read"), null)) {
            assertThat(reader.send(envelope(1, "{\"category\": \"thread\", \"limit\": 1}")).get("status").asInt()).isEqualTo(200);
            assertThat(reader.send(envelope(2, send)).get("status").asInt()).isEqualTo(403);
            assertThat(reader.send(envelope(2, "{\"category\": \"template\", \"templateBody\": \"x\"}")).get("status").asInt())
                    .isEqualTo(403);
            assertThat(reader.send(envelope(3, "{\"category\": \"thread\", \"threadID\": " + ownMessage.conversationId()
                    + ", \"isUnread\": false}")).get("status").asInt()).isEqualTo(403);
            assertThat(reader.send(envelope(4, "{\"category\": \"message\", \"messageID\": " + ownMessage.id() + "}"))
                    .get("status").asInt()).isEqualTo(403);
        }
        try (PureClient sender = PureClient.connect(transport, port, tcp.port(), mine.tokenWith("send"), null)) {
            assertThat(sender.send(envelope(2, send)).get("status").asInt()).isEqualTo(200);
            assertThat(sender.send(envelope(2, draft)).get("status").asInt()).as("a draft is writing, not sending")
                    .isEqualTo(403);
            assertThat(sender.send(envelope(1, "{\"category\": \"thread\", \"limit\": 1}")).get("status").asInt()).isEqualTo(403);
        }
        assertThat(conversations.message(mine.clinic().tenantId(), ownMessage.id()).body()).isEqualTo("secret of my site");
    }

    @Test
    void aTokenIsBoundOnlyToALocationOfItsTenant() {
        Http.Response foreign = http.post("/api/v1/tenants/" + mine.clinic().id() + "/tokens", Http.OPERATOR_TOKEN,
                Map.of("name", "phone", "scopes", List.of("read"), "location_id", otherTenant.clinic().locationId()));
        Http.Response unknown = http.post("/api/v1/tenants/" + mine.clinic().id() + "/tokens", Http.OPERATOR_TOKEN,
                Map.of("name", "phone", "scopes", List.of("read"), "location_id", 999_999_999));
        Http.Response unbound = http.post("/api/v1/tenants/" + mine.clinic().id() + "/tokens", Http.OPERATOR_TOKEN,
                Map.of("name", "phone", "scopes", List.of("read")));

        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.json().get("errors").get(0).get("field").asString()).isEqualTo("location_id");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unbound.status()).isEqualTo(201);
        assertThat(unbound.json().get("location_id").isNull()).isTrue();
    }

    private static List<Long> ids(PureClient pure, String body, String field) {
        JsonNode answer = pure.send(envelope(1, body));
        assertThat(answer.get("status").asInt()).as(answer.toString()).isEqualTo(200);
        return answer.get("body").get("entries").findValues(field).stream().map(JsonNode::asLong).toList();
    }
}
