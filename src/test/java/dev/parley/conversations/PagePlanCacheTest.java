package dev.parley.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Http;
import dev.parley.testing.Inbound;
import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.QueryCounter;
import dev.parley.testing.QueryCounter.Executed;
import dev.parley.testing.TestTenant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A page of the inbox costs, in its generic plan, the rows it keeps (ADR 0018). With its LIMIT bound,
 * PostgreSQL costed the generic plan as if it kept a tenth of the conversations, judged it dearer than a
 * custom one, and so planned the prepared statement anew on every execution.
 */
@ParleyIntegrationTest
class PagePlanCacheTest {

    @LocalServerPort
    int port;

    @Autowired
    Conversations conversations;

    @Autowired
    QueryCounter queries;

    @Autowired
    DSLContext db;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void aListPagesGenericPlanCostsTheRowsItKeeps() {
        Http http = new Http(port);
        TestTenant clinic = TestTenant.create(http);
        for (int i = 0; i < 30; i++) {
            Inbound.sms(conversations, clinic, TestTenant.uniqueNumber(), "hello " + i);
        }
        // A clinic with some history, so that a tenth of its conversations is far from a page of them.
        db.execute("""
                insert into conversation (tenant_id, location_id, channel, counterpart, last_activity_at)
                select ?, ?, 'sms', '+1557' || lpad(g::text, 7, '0'), now() - g * interval '1 minute'
                from generate_series(1, 3000) g""", clinic.id(), clinic.locationId());
        db.execute("analyze conversation");

        String tag = UUID.randomUUID().toString();
        assertThat(http.send("GET", "/api/v1/conversations?limit=25", clinic.token(), null,
                Map.of(QueryCounter.HEADER, tag)).status()).isEqualTo(200);
        String page = queries.sqlFor(tag).stream().filter(sql -> sql.contains("from \"conversation\" left outer join"))
                .findFirst().orElseThrow();

        int parameters = page.split("\\?", -1).length - 1;
        String values = clinic.id() + ", 26".repeat(parameters - 1); // the tenant, then (were it bound) the limit
        List<String> generic = transactions.execute(tx -> {
            db.execute("prepare list_page as " + Executed.numbered(page));
            db.execute("set local plan_cache_mode = force_generic_plan");
            List<String> plan = db.fetch("explain execute list_page(" + values + ")").getValues(0, String.class);
            db.execute("deallocate list_page");
            return plan;
        });

        assertThat(generic.get(0)).as(String.join("\n", generic)).startsWith("Limit").contains(" rows=26 ");
    }

    @Test
    void aCursorPageIsPlannedAlikeWhereverItsCursorIs() {
        Http http = new Http(port);
        TestTenant clinic = TestTenant.create(http);
        Inbound.sms(conversations, clinic, TestTenant.uniqueNumber(), "hello");
        db.execute("""
                insert into conversation (tenant_id, location_id, channel, counterpart, last_activity_at)
                select ?, ?, 'sms', '+1558' || lpad(g::text, 7, '0'), now() - g * interval '1 minute'
                from generate_series(1, 3000) g""", clinic.id(), clinic.locationId());
        db.execute("analyze conversation");
        String cursor = http.get("/api/v1/conversations?limit=25", clinic.token()).json().get("next_cursor").asString();

        String tag = UUID.randomUUID().toString();
        assertThat(http.send("GET", "/api/v1/conversations?limit=25&cursor=" + cursor, clinic.token(), null,
                Map.of(QueryCounter.HEADER, tag)).status()).isEqualTo(200);
        String page = queries.sqlFor(tag).stream().filter(sql -> sql.contains("from \"conversation\" left outer join"))
                .findFirst().orElseThrow();

        // PostgreSQL keeps a statement's generic plan only if it costs no more than the custom plans it made so
        // far. Those must not depend on where the cursor is: planned with a recent cursor, nearly every row of the
        // clinic was estimated to qualify and the custom plan always came out cheaper than the generic one.
        List<String> plans = transactions.execute(tx -> {
            db.execute("prepare cursor_page (bigint, timestamptz, bigint) as " + Executed.numbered(page));
            db.execute("set local plan_cache_mode = force_custom_plan");
            List<String> explained = new java.util.ArrayList<>();
            for (String cursorAge : List.of("5 minutes", "2900 minutes")) {
                String execute = "execute cursor_page(" + clinic.id() + ", now() - interval '" + cursorAge + "', 1)";
                explained.add(String.join("\n", db.fetch("explain " + execute).getValues(0, String.class)));
            }
            db.execute("deallocate cursor_page");
            return explained;
        });

        assertThat(plans.get(0)).startsWith("Limit").isEqualTo(plans.get(1));
        // The cursor still starts the index scan, rather than filtering the rows it reads.
        assertThat(plans.get(0))
                .contains("Index Cond: ((tenant_id = ", "AND (ROW(last_activity_at, conversation_id) < ROW(");
    }
}
