package dev.parley.dialects.purephone;

import static dev.parley.dialects.purephone.PureFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.conversations.Conversations;
import dev.parley.delivery.DeliveryWorker;
import dev.parley.dialects.purephone.PureClient.Transport;
import dev.parley.testing.Http;
import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.TestTenant;
import java.time.Instant;
import java.util.List;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Every operation of the messages endpoint on every transport, answered with the document's JSON where
 * the data allows (ids and times are the ones Parley gave).
 */
@ParleyIntegrationTest
class PurePhoneTest {

    @LocalServerPort
    int port;

    @Autowired
    PureTcpServer tcp;

    @Autowired
    Conversations conversations;

    @Autowired
    DeliveryWorker worker;

    @Autowired
    DSLContext db;

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

    static String envelope(int method, String body) {
        return "{\"endpoint\": 8, \"method\": " + method + ", \"uuid\": 123, \"body\": " + body + "}";
    }

    // Threads

    @ParameterizedTest
    @EnumSource(Transport.class)
    void threadsAreListedNewestFirstWithTheirNumberSnippetAndType(Transport transport) {
        PureClient pure = connect(transport);
        String known = TestTenant.uniqueNumber();
        phone.clinic().client("Anna", "Nowak", known);
        long numberId = db.fetchValue("select contact_phone_id from contact_phone where tenant_id = ? and e164 = ?",
                phone.clinic().id(), known) instanceof Number n ? n.longValue() : -1;
        long first = phone.inbound(conversations, known, "Wiadomość testowa.\nA second line", Instant.ofEpochSecond(1574335694))
                .conversationId();
        String queuedTo = TestTenant.uniqueNumber();
        JsonNode queued = pure.send(envelope(2, "{\"category\": \"message\", \"number\": \"" + queuedTo
                + "\", \"messageBody\": \"Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do\"}")).get("body");
        String draftTo = TestTenant.uniqueNumber();
        JsonNode draft = pure.send(envelope(2, "{\"category\": \"message\", \"number\": \"" + draftTo
                + "\", \"messageBody\": \"cos tam\", \"messageType\": 1}")).get("body");

        JsonNode answer = pure.send(envelope(1, "{\"category\": \"thread\", \"offset\": 0, \"limit\": 3}"));

        assertThat(answer).isEqualTo(json("""
                {"body": {"entries": [
                   {"isUnread": false, "lastUpdatedAt": %d, "messageCount": 1, "messageSnippet": "cos tam",
                    "messageType": 1, "number": "%s", "numberID": "0", "threadID": %d},
                   {"isUnread": false, "lastUpdatedAt": %d, "messageCount": 1,
                    "messageSnippet": "Lorem ipsum dolor sit amet, consectetur adipi", "messageType": 16,
                    "number": "%s", "numberID": "0", "threadID": %d},
                   {"isUnread": true, "lastUpdatedAt": 1574335694, "messageCount": 1,
                    "messageSnippet": "Wiadomość testowa.", "messageType": 4, "number": "%s", "numberID": "%d",
                    "threadID": %d}],
                 "totalCount": 3},
                 "endpoint": 8, "status": 200, "uuid": 123}
                """.formatted(draft.get("createdAt").asLong(), draftTo, draft.get("threadID").asLong(),
                queued.get("createdAt").asLong(), queuedTo, queued.get("threadID").asLong(), known, numberId, first)));
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aThreadIsFetchedByIdAsTheDocumentShowsIt(Transport transport) {
        PureClient pure = connect(transport);
        JsonNode draft = pure.send(envelope(2, "{\"category\": \"message\", \"number\": \"" + TestTenant.uniqueNumber()
                + "\", \"messageBody\": \"Hello\", \"messageType\": 1}")).get("body");

        JsonNode answer = pure.send(envelope(1, "{\"category\": \"thread\", \"threadID\": " + draft.get("threadID") + "}"));

        assertThat(answer).isEqualTo(json("""
                {"body": {"isUnread": false, "lastUpdatedAt": %d, "messageCount": 1, "messageSnippet": "Hello",
                          "messageType": 1, "threadID": %d},
                 "endpoint": 8, "status": 200, "uuid": 123}
                """.formatted(draft.get("createdAt").asLong(), draft.get("threadID").asLong())));
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aThreadIsMarkedReadAndUnread(Transport transport) {
        PureClient pure = connect(transport);
        long thread = phone.inbound(conversations, TestTenant.uniqueNumber(), "Are you open?", Instant.now()).conversationId();
        String get = envelope(1, "{\"category\": \"thread\", \"threadID\": " + thread + "}");
        assertThat(pure.send(get).get("body").get("isUnread").asBoolean()).isTrue();

        JsonNode read = pure.send(envelope(3, "{\"category\": \"thread\", \"threadID\": " + thread + ", \"isUnread\": false}"));

        assertThat(read).isEqualTo(json("{\"endpoint\": 8, \"status\": 204, \"uuid\": 123}"));
        assertThat(pure.send(get).get("body").get("isUnread").asBoolean()).isFalse();
        assertThat(pure.send(envelope(3, "{\"category\": \"thread\", \"threadID\": " + thread + ", \"isUnread\": true}")))
                .isEqualTo(json("{\"endpoint\": 8, \"status\": 204, \"uuid\": 123}"));
        assertThat(pure.send(get).get("body").get("isUnread").asBoolean()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aThreadIsDeletedWithItsMessages(Transport transport) {
        PureClient pure = connect(transport);
        String number = TestTenant.uniqueNumber();
        long thread = phone.inbound(conversations, number, "one", Instant.now().minusSeconds(5)).conversationId();
        long message = phone.inbound(conversations, number, "two", Instant.now()).id();

        JsonNode deleted = pure.send(envelope(4, "{\"category\": \"thread\", \"threadID\": " + thread + "}"));

        assertThat(deleted).isEqualTo(json("{\"endpoint\": 8, \"status\": 204, \"uuid\": 123}"));
        assertThat(pure.send(envelope(1, "{\"category\": \"thread\", \"threadID\": " + thread + "}")))
                .isEqualTo(json("{\"endpoint\": 8, \"status\": 404, \"uuid\": 123}"));
        assertThat(pure.send(envelope(1, "{\"category\": \"message\", \"messageID\": " + message + "}")).get("status").asInt())
                .isEqualTo(404);
        assertThat(pure.send(envelope(1, "{\"category\": \"message\", \"count\": true}")).get("body").get("count").asLong())
                .isZero();
    }

    // Messages

    @ParameterizedTest
    @EnumSource(Transport.class)
    void theMessageCountIncludesDrafts(Transport transport) {
        PureClient pure = connect(transport);
        String number = TestTenant.uniqueNumber();
        phone.inbound(conversations, number, "one", Instant.now().minusSeconds(5));
        phone.inbound(conversations, TestTenant.uniqueNumber(), "two", Instant.now().minusSeconds(4));
        pure.send(envelope(2, "{\"category\": \"message\", \"number\": \"" + number
                + "\", \"messageBody\": \"not yet\", \"messageType\": 1}"));

        JsonNode answer = pure.send(envelope(1, "{\"category\": \"message\", \"count\": true}"));

        assertThat(answer).isEqualTo(json("{\"body\": {\"count\": 3}, \"endpoint\": 8, \"status\": 200, \"uuid\": 123}"));
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void messagesAreListedNewestFirst(Transport transport) {
        PureClient pure = connect(transport);
        String first = TestTenant.uniqueNumber();
        String second = TestTenant.uniqueNumber();
        var failed = phone.delivered(conversations, first, "nieudane wysyłanie :(", Instant.ofEpochSecond(1547492300));
        conversations.advance(phone.clinic().tenantId(), failed.id(),
                dev.parley.conversations.StatusUpdate.to(dev.parley.conversations.MessageStatus.FAILED, "test"));
        var heh = phone.inbound(conversations, second, "heh?", Instant.ofEpochSecond(1547492320));
        var abc = phone.inbound(conversations, first, "abc", Instant.ofEpochSecond(1547492310));

        JsonNode answer = pure.send(envelope(1, "{\"category\": \"message\", \"offset\": 0, \"limit\": 13}"));

        assertThat(answer).isEqualTo(json("""
                {"body": {"entries": [
                   {"messageBody": "heh?", "messageID": %d, "messageType": 4, "createdAt": 1547492320,
                    "threadID": %d, "number": "%s"},
                   {"messageBody": "abc", "messageID": %d, "messageType": 4, "createdAt": 1547492310,
                    "threadID": %d, "number": "%s"},
                   {"messageBody": "nieudane wysyłanie :(", "messageID": %d, "messageType": 8, "createdAt": 1547492300,
                    "threadID": %d, "number": "%s"}],
                 "totalCount": 3},
                 "endpoint": 8, "status": 200, "uuid": 123}
                """.formatted(heh.id(), heh.conversationId(), second, abc.id(), abc.conversationId(), first,
                failed.id(), failed.conversationId(), first)));
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aMessageIsFetchedById(Transport transport) {
        PureClient pure = connect(transport);
        String number = TestTenant.uniqueNumber();
        var heh = phone.inbound(conversations, number, "heh?", Instant.ofEpochSecond(1547492320));

        JsonNode answer = pure.send(envelope(1, "{\"category\": \"message\", \"messageID\": " + heh.id() + "}"));

        assertThat(answer).isEqualTo(json("""
                {"body": {"messageBody": "heh?", "messageID": %d, "messageType": 4, "createdAt": 1547492320,
                          "threadID": %d, "number": "%s"},
                 "endpoint": 8, "status": 200, "uuid": 123}
                """.formatted(heh.id(), heh.conversationId(), number)));
        assertThat(pure.send(envelope(1, "{\"category\": \"message\", \"messageID\": 999999999}")))
                .isEqualTo(json("{\"endpoint\": 8, \"status\": 404, \"uuid\": 123}"));
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aThreadsMessagesComeOldestFirst(Transport transport) {
        PureClient pure = connect(transport);
        String number = TestTenant.uniqueNumber();
        var oldest = phone.inbound(conversations, number, "najstarsze odb", Instant.ofEpochSecond(1547465101));
        var sent = phone.delivered(conversations, number, "wys", Instant.ofEpochSecond(1547468701));
        var newest = phone.inbound(conversations, number, "najnowsze odb i całkiem długie", Instant.ofEpochSecond(1547472320));
        long thread = oldest.conversationId();
        String expected = """
                {"body": {"entries": [
                   {"messageBody": "najstarsze odb", "messageID": %d, "messageType": 4, "createdAt": 1547465101,
                    "threadID": %d, "number": "%s"},
                   {"messageBody": "wys", "messageID": %d, "messageType": 8, "createdAt": 1547468701,
                    "threadID": %d, "number": "%s"},
                   {"messageBody": "najnowsze odb i całkiem długie", "messageID": %d, "messageType": 4,
                    "createdAt": 1547472320, "threadID": %d, "number": "%s"}],
                 "totalCount": 3},
                 "endpoint": 8, "status": 200, "uuid": 123}
                """.formatted(oldest.id(), thread, number, sent.id(), thread, number, newest.id(), thread, number);

        JsonNode paged = pure.send(envelope(1, "{\"category\": \"message\", \"threadID\": " + thread
                + ", \"offset\": 0, \"limit\": 6}"));
        JsonNode whole = pure.send(envelope(1, "{\"category\": \"message\", \"threadID\": " + thread + "}"));

        assertThat(paged).isEqualTo(json(expected));
        assertThat(whole).as("no limit: the whole thread").isEqualTo(json(expected));
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void anAddedMessageGoesOutThroughTheOutbox(Transport transport) throws InterruptedException {
        PureClient pure = connect(transport);

        JsonNode added = pure.send(envelope(2, """
                {"category": "message", "number": "+48236154528", "messageBody": "This is a new message"}"""));

        long id = added.get("body").get("messageID").asLong();
        assertThat(added).isEqualTo(json("""
                {"body": {"messageBody": "This is a new message", "messageID": %d, "messageType": 16,
                          "createdAt": %d, "threadID": %d},
                 "endpoint": 8, "status": 200, "uuid": 123}
                """.formatted(id, added.get("body").get("createdAt").asLong(), added.get("body").get("threadID").asLong())));
        assertThat(Math.abs(added.get("body").get("createdAt").asLong() - Instant.now().getEpochSecond())).isLessThan(60);
        assertThat(db.fetchCount(db.selectFrom("delivery_job").where("tenant_id = ? and message_id = ?",
                phone.clinic().id(), id))).isEqualTo(1);
        String get = envelope(1, "{\"category\": \"message\", \"messageID\": " + id + "}");
        assertThat(pure.send(get).get("body").get("number").asString()).isEqualTo("+48236154528");
        worker.runDue();
        int type = 0;
        for (int i = 0; i < 100 && type != 8; i++) {
            Thread.sleep(50);
            type = pure.send(get).get("body").get("messageType").asInt();
        }
        assertThat(type).as("sent by the simulator: outbox").isEqualTo(8);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aDraftIsKeptNotSent(Transport transport) {
        PureClient pure = connect(transport);

        JsonNode added = pure.send(envelope(2, """
                {"category": "message", "number": "+48236154528", "messageBody": "This is a new message", "messageType": 1}"""));

        assertThat(added.get("status").asInt()).isEqualTo(200);
        assertThat(added.get("body").get("messageType").asInt()).isEqualTo(1);
        assertThat(db.fetchCount(db.selectFrom("delivery_job").where("tenant_id = ? and message_id = ?",
                phone.clinic().id(), added.get("body").get("messageID").asLong()))).isZero();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aDraftIsUpdatedButNothingElseIs(Transport transport) {
        PureClient pure = connect(transport);
        long draft = pure.send(envelope(2, "{\"category\": \"message\", \"number\": \"" + TestTenant.uniqueNumber()
                + "\", \"messageBody\": \"This is a draft\", \"messageType\": 1}")).get("body").get("messageID").asLong();
        long received = phone.inbound(conversations, TestTenant.uniqueNumber(), "hi", Instant.now()).id();

        JsonNode updated = pure.send(envelope(3, """
                {"category": "message", "messageBody": "This is a changed draft message", "messageID": %d, "messageType": 1}
                """.formatted(draft)));

        assertThat(updated).isEqualTo(json("{\"endpoint\": 8, \"status\": 204, \"uuid\": 123}"));
        assertThat(pure.send(envelope(1, "{\"category\": \"message\", \"messageID\": " + draft + "}"))
                .get("body").get("messageBody").asString()).isEqualTo("This is a changed draft message");
        assertThat(pure.send(envelope(3, """
                {"category": "message", "messageBody": "rewritten", "messageID": %d, "messageType": 1}
                """.formatted(received))).get("status").asInt()).as("a received message is no draft").isEqualTo(409);
        assertThat(pure.send(envelope(1, "{\"category\": \"message\", \"messageID\": " + received + "}"))
                .get("body").get("messageBody").asString()).isEqualTo("hi");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void deletingAThreadsLastMessageDeletesTheThread(Transport transport) {
        PureClient pure = connect(transport);
        String number = TestTenant.uniqueNumber();
        var older = phone.inbound(conversations, number, "older", Instant.now().minusSeconds(10));
        var newer = phone.inbound(conversations, number, "newer", Instant.now());
        String thread = envelope(1, "{\"category\": \"thread\", \"threadID\": " + older.conversationId() + "}");

        JsonNode deleted = pure.send(envelope(4, "{\"category\": \"message\", \"messageID\": " + newer.id() + "}"));

        assertThat(deleted).isEqualTo(json("{\"endpoint\": 8, \"status\": 204, \"uuid\": 123}"));
        JsonNode remaining = pure.send(thread).get("body");
        assertThat(remaining.get("messageCount").asInt()).isEqualTo(1);
        assertThat(remaining.get("messageSnippet").asString()).isEqualTo("older");
        assertThat(pure.send(envelope(4, "{\"category\": \"message\", \"messageID\": " + older.id() + "}"))
                .get("status").asInt()).isEqualTo(204);
        assertThat(pure.send(thread).get("status").asInt()).as("the thread went with its last message").isEqualTo(404);
        assertThat(pure.send(envelope(4, "{\"category\": \"message\", \"messageID\": " + older.id() + "}"))
                .get("status").asInt()).isEqualTo(404);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void messagesAreFoundByTheirTextAndOptionallyTheNumber(Transport transport) {
        PureClient pure = connect(transport);
        String ania = TestTenant.uniqueNumber();
        String bob = TestTenant.uniqueNumber();
        var aniaCat = phone.inbound(conversations, ania, "Mój KOT kicha", Instant.now().minusSeconds(3));
        phone.inbound(conversations, ania, "pies też", Instant.now().minusSeconds(2));
        var bobCat = phone.inbound(conversations, bob, "the kotlet is ready", Instant.now().minusSeconds(1));

        JsonNode everywhere = pure.send(envelope(1, "{\"category\": \"message\", \"messageBody\": \"kot\", \"limit\": 10}"));
        JsonNode fromAnia = pure.send(envelope(1, "{\"category\": \"message\", \"messageBody\": \"kot\", \"phoneNumber\": \""
                + ania + "\", \"limit\": 10}"));

        assertThat(everywhere.get("body").get("entries").findValues("messageID").stream().map(JsonNode::asLong).toList())
                .containsExactly(bobCat.id(), aniaCat.id());
        assertThat(everywhere.get("body").get("totalCount").asInt()).isEqualTo(2);
        assertThat(fromAnia.get("body").get("entries").findValues("messageID").stream().map(JsonNode::asLong).toList())
                .containsExactly(aniaCat.id());
        assertThat(fromAnia.get("body").get("totalCount").asInt()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aBodyOf469BytesIsTakenAnd470AreNot(Transport transport) {
        PureClient pure = connect(transport);
        String polish = "Zażółć gęślą jaźń. ".repeat(19);           // 19 x 27 bytes = 513 bytes: cut it to size
        String body469 = bytes(polish, 469);
        String body470 = body469 + "a";
        assertThat(body469.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize(469);
        assertThat(body469.length()).as("fewer characters than bytes").isLessThan(469);

        JsonNode taken = pure.send(envelope(2, "{\"category\": \"message\", \"number\": \"" + TestTenant.uniqueNumber()
                + "\", \"messageBody\": \"" + body469 + "\"}"));
        JsonNode refused = pure.send(envelope(2, "{\"category\": \"message\", \"number\": \"" + TestTenant.uniqueNumber()
                + "\", \"messageBody\": \"" + body470 + "\"}"));

        assertThat(taken.get("status").asInt()).isEqualTo(200);
        assertThat(taken.get("body").get("messageBody").asString()).isEqualTo(body469);
        assertThat(refused).isEqualTo(json("{\"endpoint\": 8, \"status\": 400, \"uuid\": 123}"));
        assertThat(pure.send(envelope(1, "{\"category\": \"message\", \"count\": true}")).get("body").get("count").asInt())
                .isEqualTo(1);
    }

    /** The longest prefix of {@code text} whose UTF-8 is at most {@code max} bytes, padded with 'a' to exactly max. */
    static String bytes(String text, int max) {
        StringBuilder out = new StringBuilder();
        int used = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int size = new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (used + size > max) {
                break;
            }
            out.appendCodePoint(cp);
            used += size;
            i += Character.charCount(cp);
        }
        return out + "a".repeat(max - used);
    }

    // Templates

    @ParameterizedTest
    @EnumSource(Transport.class)
    void templatesAreCountedListedAndFetched(Transport transport) {
        PureClient pure = connect(transport);
        List<String> bodies = List.of("Hello", "See you", "I'll be there in 15 minutes",
                "Some test tmplate number, which is too long to be displayed.", "No.", "Yes.");
        long[] ids = new long[bodies.size()];
        for (int i = 0; i < bodies.size(); i++) {
            JsonNode added = pure.send(envelope(2, "{\"category\": \"template\", \"templateBody\": \"" + bodies.get(i) + "\"}"));
            ids[i] = added.get("body").get("templateID").asLong();
            assertThat(added).isEqualTo(json("{\"body\": {\"templateID\": " + ids[i]
                    + "}, \"endpoint\": 8, \"status\": 200, \"uuid\": 123}"));
        }

        assertThat(pure.send(envelope(1, "{\"category\": \"template\", \"count\": true}")))
                .isEqualTo(json("{\"body\": {\"count\": 6}, \"endpoint\": 8, \"status\": 200, \"uuid\": 123}"));
        assertThat(pure.send(envelope(1, "{\"category\": \"template\", \"offset\": 2, \"limit\": 3}"))).isEqualTo(json("""
                {"body": {"entries": [
                   {"lastUsedAt": 0, "order": 3, "templateBody": "I'll be there in 15 minutes", "templateID": %d},
                   {"lastUsedAt": 0, "order": 4, "templateBody": "Some test tmplate number, which is too long to be displayed.",
                    "templateID": %d},
                   {"lastUsedAt": 0, "order": 5, "templateBody": "No.", "templateID": %d}],
                 "totalCount": 6},
                 "endpoint": 8, "status": 200, "uuid": 123}
                """.formatted(ids[2], ids[3], ids[4])));
        assertThat(pure.send(envelope(1, "{\"category\": \"template\", \"templateID\": " + ids[2] + "}"))).isEqualTo(json("""
                {"body": {"lastUsedAt": 0, "order": 3, "templateBody": "I'll be there in 15 minutes", "templateID": %d},
                 "endpoint": 8, "status": 200, "uuid": 123}
                """.formatted(ids[2])));
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aTemplatesBodyAndOrderChangeAndTemplatesAreDeleted(Transport transport) {
        PureClient pure = connect(transport);
        long first = addTemplate(pure, "first");
        long second = addTemplate(pure, "second");
        long third = addTemplate(pure, "third");

        // The document sends these two with "uuid": "123" and is answered 123.
        assertThat(pure.send("""
                {"endpoint": 8, "method": 3, "uuid": "123",
                 "body": {"category": "template", "templateID": %d, "templateBody": "Changed template."}}
                """.formatted(second))).isEqualTo(json("{\"endpoint\": 8, \"status\": 204, \"uuid\": 123}"));
        assertThat(pure.send("""
                {"endpoint": 8, "method": 3, "uuid": "123",
                 "body": {"category": "template", "templateID": %d, "order": 3}}
                """.formatted(second))).isEqualTo(json("{\"endpoint\": 8, \"status\": 204, \"uuid\": 123}"));

        JsonNode listed = pure.send(envelope(1, "{\"category\": \"template\", \"limit\": 3}")).get("body").get("entries");
        assertThat(listed.findValues("templateID").stream().map(JsonNode::asLong).toList())
                .containsExactly(first, third, second);
        assertThat(listed.get(2).get("templateBody").asString()).isEqualTo("Changed template.");
        assertThat(listed.findValues("order").stream().map(JsonNode::asInt).toList()).containsExactly(1, 2, 3);

        assertThat(pure.send(envelope(4, "{\"category\": \"template\", \"templateID\": " + first + "}")))
                .isEqualTo(json("{\"endpoint\": 8, \"status\": 204, \"uuid\": 123}"));
        assertThat(pure.send(envelope(1, "{\"category\": \"template\", \"templateID\": " + first + "}")).get("status").asInt())
                .isEqualTo(404);
        assertThat(pure.send(envelope(1, "{\"category\": \"template\", \"templateID\": " + third + "}"))
                .get("body").get("order").asInt()).as("the order closes up").isEqualTo(1);
        assertThat(pure.send(envelope(4, "{\"category\": \"template\", \"templateID\": " + first + "}")).get("status").asInt())
                .isEqualTo(404);
    }

    private static long addTemplate(PureClient pure, String body) {
        return pure.send(envelope(2, "{\"category\": \"template\", \"templateBody\": \"" + body + "\"}"))
                .get("body").get("templateID").asLong();
    }
}
