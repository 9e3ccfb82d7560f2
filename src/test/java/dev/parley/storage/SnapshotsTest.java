package dev.parley.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.testing.ParleyIntegrationTest;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A snapshot makes its own transaction repeatable-read and planned as asked, and leaves the next one at the
 * session's level and planning.
 */
@ParleyIntegrationTest
class SnapshotsTest {

    @Autowired
    Snapshots snapshots;

    @Autowired
    DSLContext db;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void theTransactionReadsFromOneSnapshotAndTheNextDoesNot() {
        String inSnapshot = transactions.execute(tx -> {
            snapshots.readFromOne(Planning.FOR_EACH_EXECUTION);
            return isolation();
        });
        String next = transactions.execute(tx -> isolation());

        assertThat(inSnapshot).isEqualTo("repeatable read");
        assertThat(next).isEqualTo("read committed");
    }

    @Test
    void theTransactionIsPlannedAsAskedAndTheNextAsTheSessionIs() {
        for (Planning planning : Planning.values()) {
            String inSnapshot = transactions.execute(tx -> {
                snapshots.readFromOne(planning);
                return setting("plan_cache_mode");
            });
            String next = transactions.execute(tx -> setting("plan_cache_mode"));

            assertThat(inSnapshot).isEqualTo(planning == Planning.ONCE ? "force_generic_plan" : "force_custom_plan");
            assertThat(next).isEqualTo("auto");
        }
    }

    @Test
    void outsideATransactionItIsRefused() {
        assertThatThrownBy(() -> snapshots.readFromOne(Planning.ONCE)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("inside @Transactional");
    }

    private String isolation() {
        return setting("transaction_isolation");
    }

    private String setting(String name) {
        return String.valueOf(db.fetchValue("select current_setting(?)", name));
    }
}
