package dev.parley.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.storage.Notifications;
import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.QueryCounter.Executed;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jooq.DSLContext;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultExecuteListenerProvider;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox's claim runs every time a worker polls or wakes, on every node. PostgreSQL keeps one plan for a
 * statement it runs often; that plan must still read only the pending jobs' partial index, not the whole table.
 */
@ParleyIntegrationTest
class ClaimPlanTest {

    @Autowired
    DSLContext db;

    @Autowired
    Notifications notifications;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void theClaimsKeptPlanReadsTheIndexOfPendingJobs() {
        Executed claim = statementOf(outbox -> outbox.claimDue("plan test", Instant.now(), Instant.now().plusSeconds(60), 50));

        assertThat(genericPlan(claim)).contains("delivery_job_due_idx");
    }

    @Test
    void theKeptPlanForExpiredLeasesReadsTheIndexOfJobsInFlight() {
        Executed release = statementOf(outbox -> outbox.releaseExpiredLeases(Instant.now()));

        assertThat(genericPlan(release)).contains("delivery_job_lease_idx");
    }

    /** The one statement the outbox runs for {@code work} (rolled back), with the values it bound. */
    private Executed statementOf(Consumer<Outbox> work) {
        List<Executed> statements = new CopyOnWriteArrayList<>();
        DSLContext watched = DSL.using(db.configuration().derive(new DefaultExecuteListenerProvider(new ExecuteListener() {
            @Override
            public void executeStart(ExecuteContext ctx) {
                statements.add(new Executed(ctx.sql(), ctx.query().getBindValues()));
            }
        })));
        transactions.executeWithoutResult(tx -> {
            work.accept(new Outbox(watched, notifications));
            tx.setRollbackOnly();
        });
        assertThat(statements).hasSize(1);
        return statements.get(0);
    }

    /**
     * The plan PostgreSQL keeps for the statement once it stops planning it for each execution, with sequential
     * scans priced out: the test database holds few jobs, and the question is whether the kept plan can use an
     * index at all, not whether it pays to on a table this small.
     */
    private String genericPlan(Executed statement) {
        List<Executed> settings = List.of(new Executed("set local plan_cache_mode = force_generic_plan", List.of()),
                new Executed("set local enable_seqscan = off", List.of()));
        return transactions.execute(tx -> db.connectionResult(c -> statement.planOnExecution(c, settings, 1)));
    }
}
