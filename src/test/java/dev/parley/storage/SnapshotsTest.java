package dev.parley.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.testing.ParleyIntegrationTest;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** A snapshot makes its own transaction repeatable-read and leaves the next one at the session's level. */
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
            snapshots.readFromOne();
            return isolation();
        });
        String next = transactions.execute(tx -> isolation());

        assertThat(inSnapshot).isEqualTo("repeatable read");
        assertThat(next).isEqualTo("read committed");
    }

    @Test
    void outsideATransactionItIsRefused() {
        assertThatThrownBy(snapshots::readFromOne).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("inside @Transactional");
    }

    private String isolation() {
        return String.valueOf(db.fetchValue("select current_setting('transaction_isolation')"));
    }
}
