package dev.parley.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Http;
import dev.parley.testing.Inbound;
import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.TestTenant;
import org.jooq.DSLContext;
import org.jooq.Record3;
import org.jooq.Result;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A page of the inbox, run again and again on one connection, is planned once and then runs on its cached
 * generic plan (ADR 0018). With its LIMIT bound, PostgreSQL costed the generic plan as if it kept a tenth of
 * the conversations, judged it dearer than a custom one, and planned the statement on every execution.
 */
@ParleyIntegrationTest
class PagePlanCacheTest {

    @LocalServerPort
    int port;

    @Autowired
    Conversations conversations;

    @Autowired
    DSLContext db;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void aListPageRunsOnTheCachedGenericPlan() {
        TestTenant clinic = TestTenant.create(new Http(port));
        for (int i = 0; i < 30; i++) {
            Inbound.sms(conversations, clinic, TestTenant.uniqueNumber(), "hello " + i);
        }
        // A clinic with some history: the cost of keeping "a tenth of the rows" has to show against keeping 26.
        db.execute("""
                insert into conversation (tenant_id, location_id, channel, counterpart, last_activity_at)
                select ?, ?, 'sms', '+1557' || lpad(g::text, 7, '0'), now() - g * interval '1 minute'
                from generate_series(1, 3000) g""", clinic.id(), clinic.locationId());
        db.execute("analyze conversation");

        Result<Record3<String, Long, Long>> prepared = transactions.execute(tx -> {
            // One transaction holds one connection, whose server-side prepared statements pg_prepared_statements shows.
            for (int i = 0; i < 20; i++) {
                assertThat(conversations.list(clinic.tenantId(), new ConversationFilter(null, null, null, null, null, null), null, 25).items()).hasSize(25);
            }
            return db.resultQuery("select statement, generic_plans, custom_plans from pg_prepared_statements"
                    + " where statement like '%from \"conversation\" left outer join \"message\"%'")
                    .coerce(org.jooq.impl.DSL.field("statement", String.class), org.jooq.impl.DSL.field("generic_plans", Long.class),
                            org.jooq.impl.DSL.field("custom_plans", Long.class))
                    .fetch();
        });

        assertThat(prepared).as("the list statement, prepared on the server").hasSize(1);
        assertThat(prepared.get(0).value2()).as("executions on the generic plan").isGreaterThanOrEqualTo(5);
        assertThat(prepared.get(0).value3()).as("executions planned anew").isLessThanOrEqualTo(5);
    }
}
