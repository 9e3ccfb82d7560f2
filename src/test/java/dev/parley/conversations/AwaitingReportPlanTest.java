package dev.parley.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.QueryCounter.Executed;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jooq.DSLContext;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultExecuteListenerProvider;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every node looks, once a minute, for the messages Twilio has not reported on: the plan PostgreSQL keeps for that
 * statement must read the small index of messages in flight, not the whole history of every tenant.
 */
@ParleyIntegrationTest
class AwaitingReportPlanTest {

    @Autowired
    DSLContext db;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void theKeptPlanReadsTheIndexOfMessagesInFlight() {
        List<Executed> statements = new CopyOnWriteArrayList<>();
        DSLContext watched = DSL.using(db.configuration().derive(new DefaultExecuteListenerProvider(new ExecuteListener() {
            @Override
            public void executeStart(ExecuteContext ctx) {
                statements.add(new Executed(ctx.sql(), ctx.query().getBindValues()));
            }
        })));
        new MessageStore(watched).awaitingReport("twilio", Instant.now(), 100);
        assertThat(statements).hasSize(1);

        // Sequential scans priced out: the test database is small, and the question is whether the kept plan can
        // use the index at all.
        List<Executed> settings = List.of(new Executed("set local plan_cache_mode = force_generic_plan", List.of()),
                new Executed("set local enable_seqscan = off", List.of()));
        String plan = transactions.execute(tx -> db.connectionResult(c -> statements.get(0).planOnExecution(c, settings, 1)));

        assertThat(plan).contains("message_sending_since_idx");
    }
}
