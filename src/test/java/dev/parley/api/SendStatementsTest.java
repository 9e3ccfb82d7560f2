package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.parley.testing.Http;
import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.QueryCounter;
import dev.parley.testing.SqlCounter;
import dev.parley.testing.TestTenant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * A send through the API to a number written with its country code costs one statement in a conversation that
 * exists (the consent check, the counters, the message, its history line and its job, docs/adr/0022), and three
 * when it starts the conversation (the address held, then its consent read, docs/adr/0014). The tests also
 * check what those statements wrote, so that a cheaper statement that forgets something fails here.
 */
@ParleyIntegrationTest
class SendStatementsTest {

    @LocalServerPort
    int port;

    @Autowired
    QueryCounter queries;

    @Autowired
    SqlCounter sql;

    @Autowired
    DSLContext db;

    Http http;
    TestTenant clinic;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        clinic = TestTenant.create(http);
        // A request first, so that the token is verified (and trusted for a while) outside the counts.
        assertThat(http.get("/api/v1/unread", clinic.token()).status()).isEqualTo(200);
    }

    @Test
    void aSendThatStartsAConversationIsThreeStatements() {
        String to = TestTenant.uniqueNumber();
        String tag = UUID.randomUUID().toString();

        AtomicReference<JsonNode> sent = new AtomicReference<>();
        List<String> renderedByJooq = sql.statementsDuring(() -> sent.set(send(to, "Your appointment is tomorrow", tag)));
        JsonNode accepted = sent.get();

        assertThat(queries.statementsFor(tag)).isEqualTo(3);
        // All three run SQL rendered once (docs/adr/0033).
        assertThat(renderedByJooq).isEmpty();
        // The number has not opted out, which the new row says already: its consent is read, and the row not written
        // again (nor the conversation's statement triggers run again).
        assertThat(queries.sqlFor(tag).get(2)).startsWith("select exists");
        long id = accepted.get("id").asLong();
        Record conversation = conversation(accepted.get("conversation_id").asLong());
        assertThat(conversation.get("message_count", Integer.class)).isEqualTo(1);
        assertThat(conversation.get("unread_count", Integer.class)).isZero();
        assertThat(conversation.get("last_message_id", Long.class)).isEqualTo(id);
        assertThat(conversation.get("opted_out", Boolean.class)).isFalse();
        assertThat(jobState(id)).isEqualTo("pending");
        JsonNode message = http.get("/api/v1/messages/" + id, clinic.token()).json();
        assertThat(message.get("from").asString()).isEqualTo(clinic.smsNumber());
        assertThat(message.get("to").asString()).isEqualTo(to);
        assertThat(message.get("status").asString()).isEqualTo("queued");
        assertThat(message.get("status_history").size()).isEqualTo(1);
        assertThat(message.get("status_history").get(0).get("status").asString()).isEqualTo("queued");
    }

    @Test
    void aSendInAConversationThatExistsIsOneStatement() {
        String to = TestTenant.uniqueNumber();
        JsonNode first = send(to, "First", UUID.randomUUID().toString());
        String tag = UUID.randomUUID().toString();

        AtomicReference<JsonNode> sent = new AtomicReference<>();
        List<String> renderedByJooq = sql.statementsDuring(() -> sent.set(send(to, "Second", tag)));
        JsonNode second = sent.get();

        assertThat(queries.statementsFor(tag)).isEqualTo(1);
        // Its SQL was rendered once, for the first send of its shape (docs/adr/0033).
        assertThat(renderedByJooq).isEmpty();
        assertThat(second.get("conversation_id").asLong()).isEqualTo(first.get("conversation_id").asLong());
        Record conversation = conversation(second.get("conversation_id").asLong());
        assertThat(conversation.get("message_count", Integer.class)).isEqualTo(2);
        assertThat(conversation.get("last_message_id", Long.class)).isEqualTo(second.get("id").asLong());
        assertThat(jobState(second.get("id").asLong())).isEqualTo("pending");
    }

    @Test
    void aStaffReplyClearsAwaitingReplyAndAnAutomatedOneDoesNot() {
        String to = TestTenant.uniqueNumber();
        send(to, "Hello", UUID.randomUUID().toString());
        long conversationId = send(to, "Hello again", UUID.randomUUID().toString()).get("conversation_id").asLong();
        db.execute("update conversation set awaiting_reply_since = now() where tenant_id = ? and conversation_id = ?",
                clinic.id(), conversationId);

        Http.Response automated = http.post("/api/v1/messages", clinic.token(), Map.of("location_id", clinic.locationId(),
                "channel", "sms", "to", to, "body", "Reminder", "automated", true));
        assertThat(automated.status()).isEqualTo(202);
        assertThat(conversation(conversationId).get("awaiting_reply_since")).isNotNull();

        send(to, "A person answers", UUID.randomUUID().toString());
        assertThat(conversation(conversationId).get("awaiting_reply_since")).isNull();
    }

    @Test
    void aSendToAnInternationalNumberFromAnUnknownLocationOrOneWithoutANumberWritesNothing() {
        long bare = http.post("/api/v1/locations", clinic.token(), Map.of("name", "Annex", "timezone", "UTC"))
                .json().get("id").asLong();
        String to = TestTenant.uniqueNumber();

        Http.Response unknown = http.post("/api/v1/messages", clinic.token(), Map.of("location_id", 99999999,
                "channel", "sms", "to", to, "body", "x"));
        Http.Response noNumber = http.post("/api/v1/messages", clinic.token(), Map.of("location_id", bare,
                "channel", "sms", "to", to, "body", "x"));
        Http.Response both = http.post("/api/v1/messages", clinic.token(), Map.of("location_id", 99999999,
                "channel", "sms", "to", to, "body", " "));

        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("errors").get(0).get("field").asString()).isEqualTo("location_id");
        assertThat(noNumber.status()).isEqualTo(422);
        assertThat(noNumber.json().get("reason").asString()).isEqualTo("no_sender_address");
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.json().get("errors").valueStream().map(e -> e.get("field").asString()))
                .containsExactlyInAnyOrder("location_id", "body");
        assertThat(db.fetchCount(table(name("message")), field(name("tenant_id")).eq(clinic.id()))).isZero();
        assertThat(db.fetchCount(table(name("conversation")), field(name("tenant_id")).eq(clinic.id()))).isZero();
    }

    @Test
    void anotherTenantsLocationCannotSend() {
        TestTenant other = TestTenant.create(http);

        Http.Response refused = http.post("/api/v1/messages", other.token(), Map.of("location_id", clinic.locationId(),
                "channel", "sms", "to", TestTenant.uniqueNumber(), "body", "x"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("location_id");
        assertThat(db.fetchCount(table(name("message")), field(name("tenant_id")).eq(other.id()))).isZero();
    }

    private JsonNode send(String to, String body, String tag) {
        Http.Response response = http.post("/api/v1/messages", clinic.token(), Map.of("location_id", clinic.locationId(),
                "channel", "sms", "to", to, "body", body), Map.of(QueryCounter.HEADER, tag));
        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        return response.json();
    }

    private Record conversation(long id) {
        return db.fetchOne("select message_count, unread_count, last_message_id, opted_out, awaiting_reply_since"
                + " from conversation where tenant_id = ? and conversation_id = ?", clinic.id(), id);
    }

    private String jobState(long messageId) {
        return db.fetchValue("select state from delivery_job where tenant_id = ? and message_id = ?", clinic.id(),
                messageId).toString();
    }
}
