package dev.parley.dialects.vetportal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.conversations.Conversations;
import dev.parley.testing.Http;
import dev.parley.testing.Inbound;
import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.QueryCounter;
import dev.parley.testing.SqlCounter;
import dev.parley.testing.TestTenant;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The client list walks the tenant's SMS conversations newest message first along their index and stops once
 * the page's clients are seen: it reads a page's worth of conversations, not every thread of the tenant, and
 * ranks nothing.
 */
@ParleyIntegrationTest
class ClientListPlanTest {

    private static final int HISTORY = 3000;

    @LocalServerPort
    int port;

    @Autowired
    Conversations conversations;

    @Autowired
    DSLContext db;

    @Autowired
    QueryCounter queries;

    @Autowired
    SqlCounter jooq;

    @Autowired
    TransactionTemplate transactions;

    Http http;
    TestTenant clinic;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        clinic = TestTenant.create(http);
        for (int i = 0; i < 15; i++) {
            String phone = TestTenant.uniqueNumber();
            if (i % 3 > 0) {
                clinic.client("Client" + i, "Recent", phone);
            }
            Inbound.sms(conversations, clinic, phone, "recent " + i, Instant.parse("2024-05-01T10:00:00Z").plusSeconds(i));
        }
        // Years of older threads behind them (their last message stands in for theirs: only the plan is read).
        db.execute("""
                insert into conversation (tenant_id, location_id, channel, counterpart, last_activity_at, last_message_id,
                                          last_message_at, message_count, unread_count)
                select ?, ?, 'sms', '+1559' || lpad(g::text, 7, '0'), t,
                       (select min(message_id) from message where tenant_id = ?), t, 1, g % 2
                from generate_series(1, ?) g, lateral (select timestamptz '2019-01-01' + g * interval '1 hour' t) x""",
                clinic.id(), clinic.locationId(), clinic.id(), HISTORY);
        db.execute("analyze conversation");
    }

    @Test
    void theWalkReadsTheIndexAndStopsAfterAPage() {
        List<String> statements = statementsOf("/partners/clients?$top=10");
        String walk = statements.stream().filter(s -> s.contains("nulls last") && s.contains("\"last_message_at\""))
                .findFirst().orElseThrow(() -> new AssertionError("no walk among " + statements));

        String plan = explainAnalyze(walk, clinic.id(), "sms");

        assertThat(plan).contains("conversation_channel_last_message_idx").doesNotContain("WindowAgg")
                .doesNotContainPattern("(?m)^\\s*(->\\s*)?Sort");
        assertThat(rowsRead(plan, "conversation_channel_last_message_idx")).as(plan).isLessThan(100);
    }

    @Test
    void theUnreadFlagsReadOnlyThePagesClients() {
        List<String> statements = statementsOf("/partners/clients?$top=10");
        String unread = statements.stream().filter(s -> s.contains("\"unread_count\" > 0") && s.contains("distinct"))
                .findFirst().orElseThrow(() -> new AssertionError("no unread query among " + statements));
        // A page's worth: the tenant's clients and two of the unknown numbers.
        Long[] contacts = db.fetch("select contact_id from contact where tenant_id = ?", clinic.id())
                .getValues(0, Long.class).toArray(Long[]::new);

        String plan = explainAnalyze(unread, clinic.id(), "sms", contacts, new String[] {"+15590000001", "+15590000002"});

        assertThat(plan).doesNotContain("Seq Scan");
        assertThat(plan).containsAnyOf("conversation_contact_idx", "conversation_counterpart_idx");
    }

    @Test
    void aDeepSkipStillWalksOnlyAsFarAsThePage() {
        List<String> statements = statementsOf("/partners/clients?$top=5&$skip=40");
        List<String> walks = statements.stream().filter(s -> s.contains("nulls last") && s.contains("\"last_message_at\""))
                .toList();

        assertThat(walks).as("one batch reaches the 45th client").hasSize(1);
        assertThat(rowsRead(explainAnalyze(walks.get(0), clinic.id(), "sms"), "conversation_channel_last_message_idx"))
                .isLessThan(200);
    }

    @Test
    void withoutAFilterItsStatementsAreRenderedOnceAndAFilterIsRenderedForItsRequest() {
        List<String> ran = new ArrayList<>();
        List<String> renderedByJooq = jooq.statementsDuring(() -> ran.addAll(statementsOf("/partners/clients?$top=10")));

        assertThat(ran).hasSize(4); // the walk, the unread flags, the last messages, the contacts
        assertThat(renderedByJooq).isEmpty();

        List<String> filtered = jooq.statementsDuring(() -> statementsOf("/partners/clients?$top=10&filter=Client1"));
        assertThat(filtered).anySatisfy(sql -> assertThat(sql).contains("nulls last").contains("\"contact_id\" in ("));
    }

    /** The statements a request ran, as sent to the driver ({@code ?} for each value): some are rendered once. */
    private List<String> statementsOf(String path) {
        String tag = UUID.randomUUID().toString();
        Http.Response response = http.send("GET", path.replace("$", "%24"), clinic.token(), null,
                Map.of(QueryCounter.HEADER, tag));
        assertThat(response.status()).as(path + " -> " + response).isEqualTo(200);
        return queries.sqlFor(tag);
    }

    /** EXPLAIN ANALYZE of a statement with these values bound as Parley binds them (arrays as arrays). */
    private String explainAnalyze(String statement, Object... values) {
        return transactions.execute(tx -> {
            // On tables this small the planner may prefer to scan and sort; forbidding both shows that an index
            // serves the query in the order asked (a plan that must still sort would keep its Sort node).
            db.execute("set local enable_seqscan = off");
            db.execute("set local enable_sort = off");
            List<String> plan = new ArrayList<>(List.of(statement));
            db.connection(connection -> {
                try (PreparedStatement explain = connection.prepareStatement("explain analyze " + statement)) {
                    for (int i = 0; i < values.length; i++) {
                        Object value = values[i];
                        explain.setObject(i + 1, value instanceof Long[] ids ? connection.createArrayOf("bigint", ids)
                                : value instanceof String[] texts ? connection.createArrayOf("text", texts) : value);
                    }
                    try (ResultSet rows = explain.executeQuery()) {
                        while (rows.next()) {
                            plan.add(rows.getString(1));
                        }
                    }
                }
            });
            return String.join("\n", plan);
        });
    }

    /** The rows the scan of an index returned, as EXPLAIN ANALYZE counted them. */
    static int rowsRead(String plan, String index) {
        Matcher m = Pattern.compile("Scan using " + index + " on conversation.*\\(actual time=\\S+ rows=(\\d+)").matcher(plan);
        assertThat(m.find()).as(plan).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
