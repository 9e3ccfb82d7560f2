package dev.parley.dialects.purephone;

import static dev.parley.dialects.purephone.PureFixture.json;
import static dev.parley.dialects.purephone.PurePhoneTest.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.dialects.purephone.PureClient.OverTcp;
import dev.parley.dialects.purephone.PureClient.OverWebSocket;
import dev.parley.dialects.purephone.PureClient.Transport;
import dev.parley.testing.Http;
import dev.parley.testing.ParleyIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Malformed envelopes answer 400 (another endpoint 501) and the connection goes on; malformed, oversized,
 * lying or stalled frames close the connection cleanly; refused logins and handshakes say why. The server
 * serves on after all of it.
 */
@ParleyIntegrationTest
class PureEnvelopeTest {

    @Value("${parley.max-request-bytes}")
    long maxRequestBytes;

    @LocalServerPort
    int port;

    @Autowired
    PureTcpServer tcp;

    PureFixture phone;

    @BeforeEach
    void setUp() {
        phone = PureFixture.create(new Http(port));
    }

    /** Envelopes that cannot be carried out, and the exact answer to each. */
    static final List<String[]> MALFORMED = List.of(
            new String[] {"hello", "{\"status\": 400}"},
            new String[] {"", "{\"status\": 400}"},
            new String[] {"[1, 2]", "{\"status\": 400}"},
            new String[] {"{\"endpoint\": 8, \"method\": 1, \"uuid\": 5, \"body\": {\"category\": \"thread\"}", "{\"status\": 400}"},
            new String[] {"{\"endpoint\": 8, \"method\": 1, \"uuid\": 5, \"body\": {\"category\": \"thread\"}} {}", "{\"status\": 400}"},
            new String[] {"{\"endpoint\": 8, \"method\": 1, \"uuid\": 5}", "{\"endpoint\": 8, \"status\": 400, \"uuid\": 5}"},
            new String[] {"{\"endpoint\": 8, \"method\": 1, \"body\": {\"category\": \"thread\"}}", "{\"endpoint\": 8, \"status\": 400}"},
            new String[] {"{\"endpoint\": 8, \"method\": 1, \"uuid\": {\"a\": 1}, \"body\": {\"category\": \"thread\"}}",
                    "{\"endpoint\": 8, \"status\": 400}"},
            new String[] {"{\"method\": 1, \"uuid\": 5, \"body\": {\"category\": \"thread\"}}", "{\"status\": 400, \"uuid\": 5}"},
            new String[] {"{\"endpoint\": \"8\", \"method\": 1, \"uuid\": 5, \"body\": {\"category\": \"thread\"}}",
                    "{\"status\": 400, \"uuid\": 5}"},
            new String[] {"{\"endpoint\": 8, \"method\": \"1\", \"uuid\": 5, \"body\": {\"category\": \"thread\"}}",
                    "{\"endpoint\": 8, \"status\": 400, \"uuid\": 5}"},
            new String[] {"{\"endpoint\": 8, \"method\": 9, \"uuid\": 5, \"body\": {\"category\": \"thread\"}}",
                    "{\"endpoint\": 8, \"status\": 400, \"uuid\": 5}"},
            new String[] {"{\"endpoint\": 8, \"method\": 1, \"uuid\": 5, \"body\": \"thread\"}", "{\"endpoint\": 8, \"status\": 400, \"uuid\": 5}"},
            new String[] {"{\"endpoint\": 8, \"method\": 1, \"uuid\": 5, \"body\": {}}", "{\"endpoint\": 8, \"status\": 400, \"uuid\": 5}"},
            new String[] {"{\"endpoint\": 8, \"method\": 1, \"uuid\": 5, \"body\": {\"category\": \"contact\"}}",
                    "{\"endpoint\": 8, \"status\": 400, \"uuid\": 5}"},
            new String[] {"{\"endpoint\": 8, \"method\": 1, \"uuid\": 5, \"body\": {\"category\": 5}}",
                    "{\"endpoint\": 8, \"status\": 400, \"uuid\": 5}"},
            new String[] {"{\"endpoint\": 8, \"method\": 1, \"uuid\": 5, \"body\": {\"category\": \"thread\", \"offset\": \"abc\", \"limit\": 3}}",
                    "{\"endpoint\": 8, \"status\": 400, \"uuid\": 5}"},
            new String[] {"{\"endpoint\": 8, \"method\": 1, \"uuid\": 5, \"body\": {\"category\": \"message\", \"offset\": 0, \"limit\": -1}}",
                    "{\"endpoint\": 8, \"status\": 400, \"uuid\": 5}"},
            new String[] {"{\"endpoint\": 8, \"method\": 1, \"uuid\": 5, \"body\": {\"category\": \"message\", \"offset\": 1.5, \"limit\": 3}}",
                    "{\"endpoint\": 8, \"status\": 400, \"uuid\": 5}"},
            new String[] {"{\"endpoint\": 8, \"method\": 1, \"uuid\": 5, \"body\": {\"category\": \"thread\", \"threadID\": \"x\"}}",
                    "{\"endpoint\": 8, \"status\": 400, \"uuid\": 5}"},
            new String[] {"{\"endpoint\": 8, \"method\": 1, \"uuid\": 5, \"body\": {\"category\": \"thread\", \"threadID\": 0}}",
                    "{\"endpoint\": 8, \"status\": 400, \"uuid\": 5}"},
            new String[] {"{\"endpoint\": 8, \"method\": 3, \"uuid\": 5, \"body\": {\"category\": \"thread\", \"threadID\": 1, \"isUnread\": \"yes\"}}",
                    "{\"endpoint\": 8, \"status\": 400, \"uuid\": 5}"},
            new String[] {"{\"endpoint\": 8, \"method\": 1, \"uuid\": 5, \"body\": {\"category\": \"message\", \"count\": \"true\"}}",
                    "{\"endpoint\": 8, \"status\": 400, \"uuid\": 5}"},
            new String[] {"{\"endpoint\": 8, \"method\": 2, \"uuid\": 5, \"body\": {\"category\": \"thread\"}}",
                    "{\"endpoint\": 8, \"status\": 400, \"uuid\": 5}"},
            new String[] {"{\"endpoint\": 8, \"method\": 2, \"uuid\": 5, \"body\": {\"category\": \"message\", \"messageBody\": \"no number\"}}",
                    "{\"endpoint\": 8, \"status\": 400, \"uuid\": 5}"},
            new String[] {"{\"endpoint\": 8, \"method\": 2, \"uuid\": 5, \"body\": {\"category\": \"message\", \"number\": \"not a phone\", \"messageBody\": \"hi\"}}",
                    "{\"endpoint\": 8, \"status\": 400, \"uuid\": 5}"},
            new String[] {"{\"endpoint\": 8, \"method\": 2, \"uuid\": 5, \"body\": {\"category\": \"message\", \"number\": \"+15555550123\", \"messageBody\": \"hi\", \"messageType\": 4}}",
                    "{\"endpoint\": 8, \"status\": 400, \"uuid\": 5}"},
            new String[] {"{\"endpoint\": 8, \"method\": 2, \"uuid\": 5, \"body\": {\"category\": \"template\", \"templateBody\": \"  \"}}",
                    "{\"endpoint\": 8, \"status\": 400, \"uuid\": 5}"},
            // The one character PostgreSQL's text cannot hold, in a message and in a template.
            new String[] {"{\"endpoint\": 8, \"method\": 2, \"uuid\": 5, \"body\": {\"category\": \"message\", \"number\": \"+15555550123\", \"messageBody\": \"a\\u0000b\"}}",
                    "{\"endpoint\": 8, \"status\": 400, \"uuid\": 5}"},
            new String[] {"{\"endpoint\": 8, \"method\": 2, \"uuid\": 5, \"body\": {\"category\": \"template\", \"templateBody\": \"a\\u0000b\"}}",
                    "{\"endpoint\": 8, \"status\": 400, \"uuid\": 5}"},
            new String[] {"{\"endpoint\": 8, \"method\": 3, \"uuid\": 5, \"body\": {\"category\": \"template\", \"templateID\": 1}}",
                    "{\"endpoint\": 8, \"status\": 400, \"uuid\": 5}"},
            new String[] {"{\"endpoint\": 7, \"method\": 1, \"uuid\": 5, \"body\": {\"category\": \"thread\"}}",
                    "{\"endpoint\": 7, \"status\": 501, \"uuid\": 5}"},
            new String[] {"{\"endpoint\": 13, \"method\": 2, \"uuid\": 5, \"body\": {\"token\": \"x\"}}",
                    "{\"endpoint\": 13, \"status\": 501, \"uuid\": 5}"});

    @ParameterizedTest
    @EnumSource(Transport.class)
    void malformedEnvelopesAnswer400AndTheConnectionGoesOn(Transport transport) {
        try (PureClient pure = PureClient.connect(transport, port, tcp.port(), phone.token(), null)) {
            for (String[] malformed : MALFORMED) {
                if (transport == Transport.WEBSOCKET && malformed[0].isEmpty()) {
                    continue;
                }
                assertThat(pure.send(malformed[0])).as(malformed[0]).isEqualTo(json(malformed[1]));
            }
            assertThat(pure.send(envelope(1, "{\"category\": \"thread\", \"limit\": 2}")).get("status").asInt()).isEqualTo(200);
        }
    }

    // TCP framing

    @Test
    void aFrameThatDeclaresFewerBytesThanItsJsonIsAnswered400AndThenTheConnectionCloses() {
        try (OverTcp pure = loggedIn()) {
            pure.write(("#000000010" + envelope(1, "{\"category\": \"thread\"}")).getBytes(StandardCharsets.UTF_8));

            assertThat(json(pure.readFrame())).isEqualTo(json("{\"status\": 400}"));
            assertThat(pure.closedByServer(Duration.ofSeconds(5))).as("the rest is no frame").isTrue();
        }
        assertStillServing();
    }

    @Test
    void aFrameThatDeclaresMoreBytesThanComeIsTimedOut() {
        try (OverTcp pure = loggedIn()) {
            pure.write("#000000100{\"endpoint\": 8".getBytes(StandardCharsets.UTF_8));

            long started = System.nanoTime();
            assertThat(pure.closedByServer(Duration.ofSeconds(10))).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("parley.pure.frame-timeout is 1s in tests")
                    .isLessThan(Duration.ofSeconds(5));
        }
        assertStillServing();
    }

    @Test
    void aFrameLargerThanTheLimitClosesTheConnectionWithoutReadingIt() {
        try (OverTcp pure = loggedIn()) {
            pure.write("#999999999{".getBytes(StandardCharsets.US_ASCII));

            assertThat(pure.closedByServer(Duration.ofSeconds(3))).isTrue();
        }
        try (OverTcp pure = loggedIn()) {
            pure.write(OverTcp.frame(new byte[65_537]));

            assertThat(pure.closedByServer(Duration.ofSeconds(3))).as("one byte over parley.pure.max-frame-bytes").isTrue();
        }
        assertStillServing();
    }

    @Test
    void bytesThatAreNoFrameCloseTheConnection() {
        for (String garbage : List.of("hello", "#12345678x{}", "{\"endpoint\": 8}")) {
            try (OverTcp pure = new OverTcp(tcp.port())) {
                pure.write(garbage.getBytes(StandardCharsets.US_ASCII));

                assertThat(pure.closedByServer(Duration.ofSeconds(3))).as(garbage).isTrue();
            }
        }
        assertStillServing();
    }

    @Test
    void aFrameArrivingInPiecesIsOneFrameAndPipelinedFramesAreAnsweredInOrder() throws InterruptedException {
        try (OverTcp pure = loggedIn()) {
            byte[] frame = OverTcp.frame(envelope(1, "{\"category\": \"message\", \"count\": true}").getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < frame.length; i += 7) {
                pure.write(java.util.Arrays.copyOfRange(frame, i, Math.min(frame.length, i + 7)));
                Thread.sleep(20);
            }
            assertThat(json(pure.readFrame()).get("status").asInt()).isEqualTo(200);

            java.io.ByteArrayOutputStream three = new java.io.ByteArrayOutputStream();
            for (int uuid = 1; uuid <= 3; uuid++) {
                three.writeBytes(OverTcp.frame(("{\"endpoint\": 8, \"method\": 1, \"uuid\": " + uuid
                        + ", \"body\": {\"category\": \"template\", \"count\": true}}").getBytes(StandardCharsets.UTF_8)));
            }
            pure.write(three.toByteArray());
            for (int uuid = 1; uuid <= 3; uuid++) {
                assertThat(json(pure.readFrame()).get("uuid").asInt()).isEqualTo(uuid);
            }
        }
    }

    @Test
    void loginComesFirstAndARefusedLoginClosesTheConnection() {
        String unbound = phone.clinic().token();
        Map<String, String> refusals = Map.of(
                envelope(1, "{\"category\": \"thread\"}"), "{\"endpoint\": 8, \"status\": 401, \"uuid\": 123}",
                PureClient.login("prl_1_1_" + "x".repeat(43), null), "{\"endpoint\": 13, \"status\": 401, \"uuid\": 1}",
                PureClient.login(unbound, null), "{\"endpoint\": 13, \"status\": 400, \"uuid\": 1}",
                PureClient.login(unbound, 999_999_999L), "{\"endpoint\": 13, \"status\": 404, \"uuid\": 1}",
                PureClient.login(phone.token(), phone.clinic().locationId() + 1), "{\"endpoint\": 13, \"status\": 403, \"uuid\": 1}",
                "not json", "{\"status\": 400}");
        refusals.forEach((login, answer) -> {
            try (OverTcp pure = new OverTcp(tcp.port())) {
                assertThat(pure.send(login)).as(login).isEqualTo(json(answer));
                assertThat(pure.closedByServer(Duration.ofSeconds(3))).as(login).isTrue();
            }
        });
        try (PureClient pure = PureClient.connect(Transport.TCP, port, tcp.port(), unbound, phone.clinic().locationId())) {
            assertThat(pure.send(envelope(1, "{\"category\": \"thread\"}")).get("status").asInt())
                    .as("a token bound to no location names one at login").isEqualTo(200);
        }
    }

    @Test
    void aConnectionThatNeverLogsInIsClosedAfterTheFrameTimeout() {
        try (OverTcp silent = new OverTcp(tcp.port())) {
            long started = System.nanoTime();
            assertThat(silent.closedByServer(Duration.ofSeconds(10))).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("frame-timeout 1s, not idle-timeout 20s")
                    .isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void stalledConnectionsDoNotHoldTheServer() {
        List<OverTcp> stalled = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            OverTcp pure = new OverTcp(tcp.port());
            pure.write("#000000050{\"endpoint\"".getBytes(StandardCharsets.US_ASCII));
            stalled.add(pure);
        }
        assertStillServing();
        for (OverTcp pure : stalled) {
            assertThat(pure.closedByServer(Duration.ofSeconds(5))).isTrue();
            pure.close();
        }
    }

    private OverTcp loggedIn() {
        OverTcp pure = new OverTcp(tcp.port());
        assertThat(pure.send(PureClient.login(phone.token(), null)).get("status").asInt()).isEqualTo(200);
        return pure;
    }

    private void assertStillServing() {
        for (Transport transport : Transport.values()) {
            try (PureClient pure = PureClient.connect(transport, port, tcp.port(), phone.token(), null)) {
                assertThat(pure.send(envelope(1, "{\"category\": \"message\", \"count\": true}")).get("status").asInt())
                        .isEqualTo(200);
            }
        }
    }

    // WebSocket

    @Test
    void aWebSocketFrameLargerThanTheLimitOrBinaryClosesTheSocket() {
        OverWebSocket large = (OverWebSocket) PureClient.connect(Transport.WEBSOCKET, port, tcp.port(), phone.token(), null);
        large.sendOnly("{\"endpoint\": 8, \"method\": 1, \"uuid\": 1, \"body\": {\"category\": \"" + "x".repeat(70_000) + "\"}}");
        assertThat(large.closeCode(Duration.ofSeconds(5))).as("1009: message too big").isEqualTo(1009);
        large.close();

        OverWebSocket binary = (OverWebSocket) PureClient.connect(Transport.WEBSOCKET, port, tcp.port(), phone.token(), null);
        try {
            binary.socket().sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true).join();
        } catch (CompletionException alreadyClosing) {
            // The server may close before the send completes.
        }
        assertThat(binary.closeCode(Duration.ofSeconds(5))).as("1003: text frames only").isEqualTo(1003);
        binary.close();
        assertStillServing();
    }

    @Test
    void webSocketAnswersCarryTheirRequestsUuid() {
        try (OverWebSocket pure = (OverWebSocket) PureClient.connect(Transport.WEBSOCKET, port, tcp.port(), phone.token(), null)) {
            for (int uuid = 1; uuid <= 5; uuid++) {
                pure.sendOnly("{\"endpoint\": 8, \"method\": 1, \"uuid\": " + uuid
                        + ", \"body\": {\"category\": \"thread\", \"limit\": 1}}");
            }
            Set<Integer> answered = new HashSet<>();
            for (int i = 0; i < 5; i++) {
                answered.add(json(pure.next()).get("uuid").asInt());
            }
            assertThat(answered).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
        }
    }

    @Test
    void aWebSocketHandshakeWithoutAUsableTokenOrLocationIsRefused() {
        assertThat(handshakeStatus(null, null)).isEqualTo(401);
        assertThat(handshakeStatus("prl_1_1_" + "x".repeat(43), null)).isEqualTo(401);
        assertThat(handshakeStatus(phone.clinic().token(), null)).as("bound to no location, naming none").isEqualTo(400);
        assertThat(handshakeStatus(phone.clinic().token(), "999999999")).isEqualTo(404);
        assertThat(handshakeStatus(phone.token(), String.valueOf(phone.clinic().locationId() + 1))).isEqualTo(403);
    }

    private int handshakeStatus(String token, String location) {
        var builder = HttpClient.newHttpClient().newWebSocketBuilder();
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (location != null) {
            builder.header("X-Parley-Location", location);
        }
        try {
            builder.buildAsync(URI.create("ws://localhost:" + port + "/api/pure/ws"), new java.net.http.WebSocket.Listener() {}).join();
            return 101;
        } catch (CompletionException e) {
            assertThat(e).hasCauseInstanceOf(WebSocketHandshakeException.class);
            return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
        }
    }

    // HTTP

    @Test
    void anHttpEnvelopePastTheLimitWithoutALengthIsRefusedWith413() {
        String envelope = envelope(1, "{\"category\": \"thread\", \"note\": \"" + "x".repeat((int) maxRequestBytes)
                + "\"}");

        Http.Response tooLarge = phone.http().postWithoutLength("/api/pure", phone.token(), "application/json",
                envelope.getBytes(StandardCharsets.UTF_8));

        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.json()).isEqualTo(json("{\"status\": 413, \"message\": \"The request body is larger than "
                + maxRequestBytes + " bytes\"}"));
    }

    @Test
    void anHttpRequestWithoutAUsableTokenOrLocationIsRefusedWithItsStatus() {
        Http http = phone.http();
        String body = envelope(1, "{\"category\": \"thread\"}");

        Http.Response none = http.send("POST", "/api/pure", null, body, Map.of());
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.json().get("status").asInt()).isEqualTo(401);
        assertThat(http.send("POST", "/api/pure", phone.clinic().token(), body, Map.of()).status()).isEqualTo(400);
        assertThat(http.send("POST", "/api/pure", phone.clinic().token(), body, Map.of("X-Parley-Location", "abc")).status())
                .isEqualTo(400);
        assertThat(http.send("POST", "/api/pure", phone.clinic().token(), body,
                Map.of("X-Parley-Location", "999999999")).status()).isEqualTo(404);
        Http.Response other = http.send("POST", "/api/pure", phone.token(), body,
                Map.of("X-Parley-Location", String.valueOf(phone.clinic().locationId() + 1)));
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.json().get("message").asString()).contains("bound to location");
        Http.Response empty = http.send("POST", "/api/pure", phone.token(), null, Map.of());
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.json()).isEqualTo(json("{\"status\": 400}"));
        JsonNode named = http.send("POST", "/api/pure", phone.clinic().token(), body,
                Map.of("X-Parley-Location", String.valueOf(phone.clinic().locationId()))).json();
        assertThat(named.get("status").asInt()).as("a token bound to no location names one").isEqualTo(200);
    }
}
