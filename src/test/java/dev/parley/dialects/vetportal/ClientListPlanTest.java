package dev.parley.dialects.vetportal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.conversations.Conversations;
import dev.parley.testing.Http;
import dev.parley.testing.Inbound;
import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.SqlCounter;
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
    SqlCounter sql;

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
        List<String> statements = sql.statementsDuring(() -> get("/partners/clients?$top=10"));
        String walk = statements.stream().filter(s -> s.contains("nulls last") && s.contains("\"last_message_at\""))
                .findFirst().orElseThrow(() -> new AssertionError("no walk among " + statements));

        String plan = explainAnalyze(walk);

        assertThat(plan).contains("conversation_channel_last_message_idx").doesNotContain("WindowAgg")
                .doesNotContainPattern("(?m)^\\s*(->\\s*)?Sort");
        assertThat(rowsRead(plan, "conversation_channel_last_message_idx")).as(plan).isLessThan(100);
    }

    @Test
    void theUnreadFlagsReadOnlyThePagesClients() {
        List<String> statements = sql.statementsDuring(() -> get("/partners/clients?$top=10"));
        String unread = statements.stream().filter(s -> s.contains("\"unread_count\" > 0") && s.contains("distinct"))
                .findFirst().orElseThrow(() -> new AssertionError("no unread query among " + statements));

        String plan = explainAnalyze(unread);

        assertThat(plan).doesNotContain("Seq Scan");
        assertThat(plan).containsAnyOf("conversation_contact_idx", "conversation_counterpart_idx");
    }

    @Test
    void aDeepSkipStillWalksOnlyAsFarAsThePage() {
        List<String> statements = sql.statementsDuring(() -> get("/partners/clients?$top=5&$skip=40"));
        List<String> walks = statements.stream().filter(s -> s.contains("nulls last") && s.contains("\"last_message_at\""))
                .toList();

        assertThat(walks).as("one batch reaches the 45th client").hasSize(1);
        assertThat(rowsRead(explainAnalyze(walks.get(0)), "conversation_channel_last_message_idx")).isLessThan(200);
    }

    private String explainAnalyze(String statement) {
        return transactions.execute(tx -> {
            // On tables this small the planner may prefer to scan and sort; forbidding both shows that an index
            // serves the query in the order asked (a plan that must still sort would keep its Sort node).
            db.execute("set local enable_seqscan = off");
            db.execute("set local enable_sort = off");
            return statement + "\n" + String.join("\n", db.fetch("explain analyze " + statement).getValues(0, String.class));
        });
    }

    /** The rows the scan of an index returned, as EXPLAIN ANALYZE counted them. */
    static int rowsRead(String plan, String index) {
        Matcher m = Pattern.compile("Scan using " + index + " on conversation.*\\(actual time=\\S+ rows=(\\d+)").matcher(plan);
        assertThat(m.find()).as(plan).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private void get(String path) {
        Http.Response response = http.get(path.replace("$", "%24"), clinic.token());
        assertThat(response.status()).as(path + " -> " + response).isEqualTo(200);
    }
}
