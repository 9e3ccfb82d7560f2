package dev.parley.dialects.practice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.conversations.Conversations;
import dev.parley.testing.Http;
import dev.parley.testing.Inbound;
import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.QueryCounter;
import dev.parley.testing.QueryCounter.Executed;
import dev.parley.testing.TestTenant;
import dev.parley.tenancy.Tenants;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Predicate;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An integration polling a location's conversations for what changed since its last poll reads the conversations
 * that changed, not every conversation of the location, however many polls come before (ADR 0037).
 */
@ParleyIntegrationTest
class PracticePollPlanTest {

    @LocalServerPort
    int port;

    @Autowired
    Conversations conversations;

    @Autowired
    Tenants tenants;

    @Autowired
    QueryCounter queries;

    @Autowired
    DSLContext db;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void aPollForTheLastMinutesChangesReadsThoseThroughTheirIndexEveryTime() {
        Http http = new Http(port);
        TestTenant clinic = TestTenant.create(http);
        for (int i = 0; i < 5; i++) {
            Inbound.sms(conversations, clinic, TestTenant.uniqueNumber(), "hello " + i);
        }
        // A location with a long history: 20,000 conversations, none changed for a week.
        db.execute("""
                insert into conversation (tenant_id, location_id, channel, counterpart, last_activity_at, updated_at)
                select ?, ?, 'sms', '+1559' || lpad(g::text, 7, '0'), now() - interval '7 days' + g * interval '1 second',
                       now() - interval '7 days'
                from generate_series(1, 20000) g""", clinic.id(), clinic.locationId());
        db.execute("analyze conversation");
        String path = "/conversations?subdomain=" + tenants.get(clinic.tenantId()).subdomain() + "&location_id="
                + clinic.locationId() + "&updated_since=" + Instant.now().minus(5, ChronoUnit.MINUTES);

        String page = replayed(http, clinic, path, sql -> sql.contains(" order by "));
        String count = replayed(http, clinic, path, sql -> sql.contains("count(*)"));

        // Both planned for the poll's time (a generic plan would show a parameter). The count reads the index of
        // changes; which index the page starts from is left to the planner, whose estimate of recent changes here
        // counts every other test's conversations (all recent) in the same table.
        assertThat(page).contains("(updated_at >= '").doesNotContain("$1");
        assertThat(count).contains("conversation_location_updated_idx").doesNotContain("$1");
    }

    /** The plan of one of the poll's statements the eighth time it runs on one connection. */
    private String replayed(Http http, TestTenant clinic, String path, Predicate<String> which) {
        List<Executed> statements = queries.executedDuring(() -> assertThat(http.get(path, clinic.token()).status())
                .isEqualTo(200));
        Executed chosen = statements.stream()
                .filter(s -> s.sql().contains("from \"conversation\"") && which.test(s.sql())).findFirst()
                .orElseThrow(() -> new AssertionError("no such statement among " + statements));
        List<Executed> before = statements.subList(0, statements.indexOf(chosen));
        return transactions.execute(tx -> db.connectionResult(c -> chosen.planOnExecution(c, before, 8)));
    }
}
