package dev.parley.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.testing.ParleyIntegrationTest;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import org.jooq.ConnectionProvider;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** jOOQ's statements run in the caller's Spring transaction, on the pool's own connection rather than a proxy of it. */
@ParleyIntegrationTest
class TransactionConnectionsTest {

    private static final String TRANSACTION = "select txid_current()";

    @Autowired
    DSLContext db;

    @Autowired
    TransactionTemplate transactions;

    /** The provider jOOQ is configured with (the tests' query counter wraps it in {@code db}'s configuration). */
    @Autowired
    ConnectionProvider provider;

    @Test
    void statementsInATransactionShareItAndStatementsOutsideEachHaveTheirOwn() {
        long[] inside = transactions.execute(tx -> new long[] {
                transaction(), transaction()});
        long first = transaction();
        long second = transaction();

        assertThat(inside[0]).isEqualTo(inside[1]);
        assertThat(second).isNotEqualTo(first);
    }

    private long transaction() {
        return db.fetchSingle(TRANSACTION).get(0, Long.class);
    }

    @Test
    void aStatementOfATransactionRolledBackIsUndone() {
        String name = "rolled-back-" + System.nanoTime();
        assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> {
            db.execute("insert into tenant (name, subdomain, timezone) values (?, ?, ?)", name, "rolled-back",
                    "UTC");
            throw new IllegalStateException("undo");
        })).hasMessage("undo");

        assertThat(db.fetchCount(db.selectFrom("tenant").where("name = ?", name))).isZero();
    }

    @Test
    void jooqIsGivenThePoolsConnectionNotAProxy() throws Exception {
        assertThat(provider).isInstanceOf(TransactionConnections.class);
        Connection connection = provider.acquire();
        try {
            assertThat(Proxy.isProxyClass(connection.getClass())).as(connection.getClass().getName()).isFalse();
            assertThat(connection.isWrapperFor(org.postgresql.PGConnection.class)).isTrue();
        } finally {
            provider.release(connection);
        }
    }
}
