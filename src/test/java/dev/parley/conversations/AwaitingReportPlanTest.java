package dev.parley.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.QueryCounter.Executed;
import java.sql.ResultSet;
import java.sql.Statement;
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

    /**
     * A history shaped like a practice's, in a temporary table that hides {@code message} from this transaction: the
     * shared test database holds a few hundred messages, on which either of two small partial indexes is as cheap as
     * the other, and which one the planner takes depends on the tests that ran before. Here nearly every message has
     * the provider's id and is long settled; twenty are in flight.
     */
    private static final String HISTORY = """
            create temp table message (like public.message including defaults including indexes) on commit drop;
            insert into message (tenant_id, message_id, conversation_id, location_id, channel, direction, body,
                                 to_address, status, provider, provider_message_id, occurred_at, updated_at)
            select i % 20, i, i / 8, i % 4, 'sms', case when i % 5 = 0 then 'inbound' else 'outbound' end, 'body',
                   '+15005550006', case when i <= 20 then 'sending'
                                        when i % 5 = 0 then 'received' else 'delivered' end,
                   'twilio', 'SM' || i, now() - i * interval '1 minute', now() - i * interval '1 minute'
            from generate_series(1, 20000) i;
            analyze message;
            """;

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

        List<Executed> settings = List.of(new Executed("set local plan_cache_mode = force_generic_plan", List.of()));
        PlanAndIndex seen = transactions.execute(tx -> {
            tx.setRollbackOnly();
            return db.connectionResult(c -> {
                try (Statement statement = c.createStatement()) {
                    statement.execute(HISTORY);
                    // The copied index has a name of its own; it is the one whose predicate is the status in flight.
                    try (ResultSet index = statement.executeQuery("select indexname from pg_indexes"
                            + " where schemaname = pg_my_temp_schema()::regnamespace::text"
                            + " and indexdef like '%(updated_at) WHERE (status = ''sending''::text)'")) {
                        assertThat(index.next()).as("the temporary copy of message_sending_since_idx").isTrue();
                        return new PlanAndIndex(statements.get(0).planOnExecution(c, settings, 1), index.getString(1));
                    }
                }
            });
        });

        assertThat(seen.plan()).contains("Index Scan using " + seen.index() + " on message");
    }

    private record PlanAndIndex(String plan, String index) {}
}
