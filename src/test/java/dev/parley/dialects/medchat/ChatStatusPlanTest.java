package dev.parley.dialects.medchat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.conversations.Conversations;
import dev.parley.testing.Http;
import dev.parley.testing.Inbound;
import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.QueryCounter;
import dev.parley.testing.SqlCounter;
import dev.parley.testing.QueryCounter.Executed;
import dev.parley.testing.TestTenant;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * MedChat's most common request, the active chats with a recent message newest first, is a range of
 * conversation_chat_status_idx: Status is conditions on the conversation's own columns, not a derived
 * expression evaluated on every chat of the organisation.
 */
@ParleyIntegrationTest
class ChatStatusPlanTest {

    @LocalServerPort
    int port;

    @Autowired
    Conversations conversations;

    @Autowired
    DSLContext db;

    @Autowired
    QueryCounter queries;

    @Autowired
    SqlCounter sql;

    /** The chat list's page: the conversations with their contacts joined. */
    private static final String PAGE = "from \"conversation\" left outer join \"contact\" as \"summary_contact\"";

    @Autowired
    TransactionTemplate transactions;

    Http http;
    TestTenant org;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        org = TestTenant.create(http);
        for (int i = 0; i < 30; i++) {
            Inbound.sms(conversations, org, TestTenant.uniqueNumber(), "hi " + i, Instant.parse("2024-05-01T10:00:00Z").plusSeconds(i));
        }
        // Many older chats, mostly ended, some opted out, and recent ones that are not active.
        db.execute("""
                insert into conversation (tenant_id, location_id, channel, counterpart, last_activity_at, last_message_id,
                                          last_message_at, message_count, status, opted_out)
                select ?, ?, 'sms', '+1559' || lpad(g::text, 7, '0'), t, g, t, 1,
                       case when g % 5 = 0 then 'open' when g % 5 = 1 then 'pending' else 'resolved' end, g % 11 = 0
                from generate_series(1, 3000) g,
                     lateral (select case when g % 3 = 0 then timestamptz '2024-05-01T09:00:00Z' + g * interval '1 second'
                                          else timestamptz '2019-01-01' + g * interval '1 hour' end t) x""",
                org.id(), org.locationId());
        db.execute("analyze conversation");
    }

    @Test
    void activeChatsSinceATimeNewestFirstAreARangeOfTheStatusIndex() {
        String query = "?$filter=Status eq 'Active' and LastMessageDateTime ge 2024-04-30T00:00:00Z"
                + "&$orderby=LastMessageDateTime desc&$top=25";
        List<Executed> statements = queries.executedDuring(() -> get(query));
        Executed page = statements.stream().filter(s -> s.sql().contains(PAGE) && s.sql().contains("fetch next"))
                .findFirst().orElseThrow(() -> new AssertionError("no page query among " + statements));

        String plan = explainAnalyze(page);

        // The locations' numbers are sorted, a few rows once per query; the page itself is read in order, not sorted.
        assertThat(plan).contains("conversation_chat_status_idx").doesNotContainPattern("Sort Key: [^\\n]*last_message_at");
        // No row the index reads is thrown away (a join's own condition is not that).
        assertThat(plan).doesNotContainPattern("(?m)^\\s*Filter:").doesNotContain("Rows Removed by Filter");
        Matcher rows = Pattern.compile("conversation_chat_status_idx on conversation.*\\(actual time=\\S+ rows=(\\d+)")
                .matcher(plan);
        assertThat(rows.find()).as(plan).isTrue();
        assertThat(Integer.parseInt(rows.group(1))).as("the page and no more").isEqualTo(25);
    }

    @Test
    void everyStatusIsConditionsOnTheConversationsColumnsThatAnIndexServes() {
        for (String status : List.of("Active", "Ended", "Subscribed", "Unsubscribed")) {
            List<Executed> statements = queries.executedDuring(() -> get("?$filter=Status eq '" + status + "'"
                    + "&$orderby=LastMessageDateTime desc&$top=5"));
            Executed page = statements.stream().filter(s -> s.sql().contains(PAGE) && s.sql().contains("fetch next"))
                    .findFirst().orElseThrow(() -> new AssertionError("no page query among " + statements));
            String where = page.sql().substring(page.sql().indexOf(" where "));
            assertThat(where).as(status).doesNotContain("case").doesNotContain("consent");
            // Active, Ended and Unsubscribed are ranges of the status index; Subscribed (pending or snoozed) may
            // as well walk the chats newest first and keep the subscribed ones: either way an index, never a scan.
            assertThat(explainAnalyze(page)).as(status).containsAnyOf("conversation_chat_status_idx",
                    "conversation_channel_last_message_idx").doesNotContain("Seq Scan");
        }
    }

    /** The chat list runs SQL that jOOQ rendered once for the filter's shape, whatever the filter's values. */
    @Test
    void aFilterOfAShapeAlreadyAskedForIsNotRenderedAgain() {
        get("?$filter=Status eq 'Active' and LastMessageDateTime ge 2024-04-30T00:00:00Z&$top=5");

        List<Executed> ran = new java.util.ArrayList<>();
        List<String> renderedByJooq = sql.statementsDuring(() -> ran.addAll(queries.executedDuring(
                () -> get("?$filter=Status eq 'Active' and LastMessageDateTime ge 2024-05-01T10:00:20Z&$top=5"))));

        Executed page = ran.stream().filter(s -> s.sql().contains(PAGE)).findFirst()
                .orElseThrow(() -> new AssertionError("no page query among " + ran));
        assertThat(page.values()).contains(java.time.OffsetDateTime.parse("2024-05-01T10:00:20Z"));
        assertThat(renderedByJooq).noneMatch(s -> s.contains("from \"conversation\""));
    }

    private String explainAnalyze(Executed statement) {
        return transactions.execute(tx -> {
            db.execute("set local enable_seqscan = off");
            db.execute("set local enable_sort = off");
            return db.connectionResult(connection -> statement.explain(connection, "explain analyze"));
        });
    }

    private void get(String query) {
        Http.Response response = http.get("/smschatapi/external/orgs/" + org.id() + "/smsChats"
                + query.replace(" ", "%20").replace("'", "%27").replace("$", "%24"), org.token());
        assertThat(response.status()).as(query + " -> " + response).isEqualTo(200);
    }
}
