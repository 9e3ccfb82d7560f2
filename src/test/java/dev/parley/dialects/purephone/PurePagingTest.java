package dev.parley.dialects.purephone;

import static dev.parley.dialects.purephone.PurePhoneTest.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.conversations.Conversations;
import dev.parley.dialects.purephone.PureClient.Transport;
import dev.parley.testing.Http;
import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.TestTenant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The phone's paging: four entries an answer, {@code nextPage} toward the limit asked for (never past the
 * total), and a limit of 0 that answers the total only, except for a thread's messages, which then come whole.
 */
@ParleyIntegrationTest
class PurePagingTest {

    @LocalServerPort
    int port;

    @Autowired
    PureTcpServer tcp;

    @Autowired
    Conversations conversations;

    PureFixture phone;
    PureClient client;

    @BeforeEach
    void setUp() {
        phone = PureFixture.create(new Http(port));
    }

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
    }

    private PureClient connect(Transport transport) {
        client = PureClient.connect(transport, port, tcp.port(), phone.token(), null);
        return client;
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void sixMessagesAskedForSixComeAsFourThenTwo(Transport transport) {
        PureClient pure = connect(transport);
        String number = TestTenant.uniqueNumber();
        List<Long> added = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            added.add(pure.send(envelope(2, "{\"category\": \"message\", \"number\": \"" + number
                    + "\", \"messageBody\": \"message " + i + "\"}")).get("body").get("messageID").asLong());
        }
        long thread = pure.send(envelope(1, "{\"category\": \"message\", \"messageID\": " + added.get(0) + "}"))
                .get("body").get("threadID").asLong();

        JsonNode first = body(pure, "{\"category\": \"message\", \"threadID\": " + thread + ", \"offset\": 0, \"limit\": 6}");
        assertThat(ids(first, "messageID")).containsExactlyElementsOf(added.subList(0, 4));
        assertThat(first.get("nextPage")).isEqualTo(PureFixture.json("{\"limit\": 2, \"offset\": 4}"));
        assertThat(first.get("totalCount").asInt()).isEqualTo(6);
        JsonNode second = body(pure, "{\"category\": \"message\", \"threadID\": " + thread + ", \"offset\": 4, \"limit\": 2}");
        assertThat(ids(second, "messageID")).containsExactlyElementsOf(added.subList(4, 6));
        assertThat(second.has("nextPage")).isFalse();

        JsonNode newestFirst = body(pure, "{\"category\": \"message\", \"offset\": 0, \"limit\": 6}");
        assertThat(ids(newestFirst, "messageID")).containsExactly(added.get(5), added.get(4), added.get(3), added.get(2));
        assertThat(newestFirst.get("nextPage")).isEqualTo(PureFixture.json("{\"limit\": 2, \"offset\": 4}"));
        JsonNode fromOne = body(pure, "{\"category\": \"message\", \"offset\": 1, \"limit\": 6}");
        assertThat(fromOne.get("nextPage")).as("toward the total, not the limit")
                .isEqualTo(PureFixture.json("{\"limit\": 1, \"offset\": 5}"));
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void sixThreadsAskedForSixComeAsFourThenTwo(Transport transport) {
        PureClient pure = connect(transport);
        List<Long> threads = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            threads.add(0, phone.inbound(conversations, TestTenant.uniqueNumber(), "hello " + i,
                    Instant.parse("2024-03-01T10:00:00Z").plusSeconds(i)).conversationId());
        }

        JsonNode first = body(pure, "{\"category\": \"thread\", \"offset\": 0, \"limit\": 6}");
        assertThat(ids(first, "threadID")).containsExactlyElementsOf(threads.subList(0, 4));
        assertThat(first.get("nextPage")).isEqualTo(PureFixture.json("{\"limit\": 2, \"offset\": 4}"));
        JsonNode second = body(pure, "{\"category\": \"thread\", \"offset\": 4, \"limit\": 2}");
        assertThat(ids(second, "threadID")).containsExactlyElementsOf(threads.subList(4, 6));
        assertThat(second.has("nextPage")).isFalse();
        assertThat(second.get("totalCount").asInt()).isEqualTo(6);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void thirteenTemplatesComeFourByFour(Transport transport) {
        PureClient pure = connect(transport);
        List<Long> templates = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            templates.add(pure.send(envelope(2, "{\"category\": \"template\", \"templateBody\": \"template " + i + "\"}"))
                    .get("body").get("templateID").asLong());
        }

        // The client goes on from nextPage's offset toward what it asked for in all: 13.
        List<Long> walked = new ArrayList<>();
        List<String> nextPages = new ArrayList<>();
        JsonNode page = body(pure, "{\"category\": \"template\", \"offset\": 0, \"limit\": 13}");
        while (true) {
            walked.addAll(ids(page, "templateID"));
            assertThat(page.get("entries").size()).isLessThanOrEqualTo(4);
            if (!page.has("nextPage")) {
                break;
            }
            nextPages.add(page.get("nextPage").toString());
            page = body(pure, "{\"category\": \"template\", \"offset\": " + page.get("nextPage").get("offset")
                    + ", \"limit\": " + (13 - walked.size()) + "}");
        }

        assertThat(walked).containsExactlyElementsOf(templates);
        assertThat(nextPages).containsExactly("{\"limit\":4,\"offset\":4}", "{\"limit\":4,\"offset\":8}",
                "{\"limit\":1,\"offset\":12}");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void limitZeroAnswersTheTotalOnlyButAThreadWhole(Transport transport) {
        PureClient pure = connect(transport);
        String number = TestTenant.uniqueNumber();
        long thread = 0;
        for (int i = 0; i < 6; i++) {
            thread = phone.inbound(conversations, number, "m" + i, Instant.now().minusSeconds(60 - i)).conversationId();
        }
        phone.inbound(conversations, TestTenant.uniqueNumber(), "another thread", Instant.now());
        for (int i = 0; i < 5; i++) {
            pure.send(envelope(2, "{\"category\": \"template\", \"templateBody\": \"t" + i + "\"}"));
        }

        assertThat(body(pure, "{\"category\": \"thread\", \"offset\": 0, \"limit\": 0}"))
                .isEqualTo(PureFixture.json("{\"entries\": [], \"totalCount\": 2}"));
        assertThat(body(pure, "{\"category\": \"thread\"}")).isEqualTo(PureFixture.json("{\"entries\": [], \"totalCount\": 2}"));
        assertThat(body(pure, "{\"category\": \"message\", \"limit\": 0}"))
                .isEqualTo(PureFixture.json("{\"entries\": [], \"totalCount\": 7}"));
        assertThat(body(pure, "{\"category\": \"template\", \"offset\": 0, \"limit\": 0}"))
                .isEqualTo(PureFixture.json("{\"entries\": [], \"totalCount\": 5}"));
        JsonNode whole = body(pure, "{\"category\": \"message\", \"threadID\": " + thread + ", \"limit\": 0}");
        assertThat(whole.get("entries").findValues("messageBody").stream().map(JsonNode::asString).toList())
                .containsExactly("m0", "m1", "m2", "m3", "m4", "m5");
        assertThat(whole.has("nextPage")).isFalse();
        assertThat(whole.get("totalCount").asInt()).isEqualTo(6);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void anOffsetPastTheEndAnswersNoEntries(Transport transport) {
        PureClient pure = connect(transport);
        phone.inbound(conversations, TestTenant.uniqueNumber(), "only one", Instant.now());

        assertThat(body(pure, "{\"category\": \"message\", \"offset\": 5, \"limit\": 3}"))
                .isEqualTo(PureFixture.json("{\"entries\": [], \"totalCount\": 1}"));
    }

    private static JsonNode body(PureClient pure, String body) {
        JsonNode answer = pure.send(envelope(1, body));
        assertThat(answer.get("status").asInt()).as(answer.toString()).isEqualTo(200);
        return answer.get("body");
    }

    private static List<Long> ids(JsonNode page, String field) {
        return page.get("entries").findValues(field).stream().map(JsonNode::asLong).toList();
    }
}
