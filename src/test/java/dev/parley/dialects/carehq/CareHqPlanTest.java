package dev.parley.dialects.carehq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.contacts.Contacts;
import dev.parley.conversations.Conversations;
import dev.parley.testing.Http;
import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.SqlCounter;
import java.time.Instant;
import java.util.List;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The pages integrators ask for most read a tenant's messages through an index in the order asked, rather
 * than sorting the tenant's whole history: by id (the default), newest first, and modified since a time.
 */
@ParleyIntegrationTest
class CareHqPlanTest {

    @LocalServerPort
    int port;

    @Autowired
    Conversations conversations;

    @Autowired
    Contacts contacts;

    @Autowired
    DSLContext db;

    @Autowired
    SqlCounter sql;

    @Autowired
    TransactionTemplate transactions;

    CareHqFixture f;

    @BeforeEach
    void setUp() {
        f = new CareHqFixture(new Http(port), conversations, contacts, db);
        for (int i = 0; i < 30; i++) {
            f.message().when(Instant.parse("2024-10-03T08:00:00Z").plusSeconds(i * 60L)).id();
        }
        db.execute("analyze message");
        db.execute("analyze conversation");
    }

    @Test
    void theDefaultOrderReadsThePrimaryKey() {
        assertThat(plan("page", "2")).contains("message_pkey").doesNotContainPattern("(?m)^\\s*(->\\s*)?Sort");
    }

    @Test
    void newestFirstReadsTheTimeIndex() {
        assertThat(plan("sort_by", "-date_time")).contains("message_tenant_time_idx")
                .doesNotContainPattern("(?m)^\\s*(->\\s*)?Sort");
    }

    @Test
    void modifiedSinceReadsTheModifiedIndex() {
        assertThat(plan("filters-modified_after", "2024-10-03 00:00:00", "sort_by", "modified"))
                .contains("message_modified_idx");
    }

    /** The SQL of the query that read the page's messages for a list request with these parameters, then its plan. */
    private String plan(String... parameters) {
        List<String> statements = sql.statementsDuring(() -> f.ids(parameters));
        String page = statements.stream().filter(s -> s.contains("\"message\".\"body\"") && s.contains("offset"))
                .findFirst().orElseThrow(() -> new AssertionError("no page query among " + statements));
        return transactions.execute(tx -> {
            // On tables this small the planner may prefer to scan and sort; forbidding both shows that an index
            // serves the query in the order asked (a plan that must still sort would keep its Sort node).
            db.execute("set local enable_seqscan = off");
            db.execute("set local enable_sort = off");
            return page + "\n" + String.join("\n", db.fetch("explain " + page).getValues(0, String.class));
        });
    }
}
