package dev.parley.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.ParleyIntegrationTest;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** Signals through PostgreSQL's LISTEN/NOTIFY: from other nodes, and from this one once its transaction commits. */
@ParleyIntegrationTest
class NotificationsTest {

    @Autowired
    Notifications notifications;

    @Autowired
    DataSource dataSource;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void aNotifyFromAnotherNodeReachesTheSubscribers() throws Exception {
        Semaphore received = new Semaphore(0);
        Notifications.Subscription subscription = notifications.subscribe("test_other_node", received::release);
        try {
            // The listener may still be starting: another node keeps signalling until it is heard.
            boolean heard = false;
            for (int i = 0; i < 40 && !heard; i++) {
                try (Connection otherNode = dataSource.getConnection(); Statement s = otherNode.createStatement()) {
                    otherNode.setAutoCommit(true);
                    s.execute("NOTIFY test_other_node, 'another node'");
                }
                heard = received.tryAcquire(250, TimeUnit.MILLISECONDS);
            }
            assertThat(heard).isTrue();
        } finally {
            subscription.close();
        }
    }

    @Test
    void aSignalInATransactionRunsTheSubscribersOnlyWhenItCommits() {
        AtomicInteger runs = new AtomicInteger();
        Notifications.Subscription subscription = notifications.subscribe("test_after_commit", runs::incrementAndGet);
        try {
            transactions.executeWithoutResult(tx -> {
                notifications.publishAfterCommit("test_after_commit");
                assertThat(runs).hasValue(0);
            });
            assertThat(runs).hasValue(1);

            transactions.executeWithoutResult(tx -> {
                notifications.publishAfterCommit("test_after_commit");
                tx.setRollbackOnly();
            });
            assertThat(runs).as("a rolled back transaction signals nothing").hasValue(1);
        } finally {
            subscription.close();
        }
    }

    @Test
    void aClosedSubscriptionHearsNothingMore() {
        AtomicInteger runs = new AtomicInteger();
        notifications.subscribe("test_closed", runs::incrementAndGet).close();

        notifications.publishAfterCommit("test_closed");

        assertThat(runs).hasValue(0);
    }
}
