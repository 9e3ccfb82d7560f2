package dev.parley.storage;

import java.sql.Connection;
import javax.sql.DataSource;
import org.jooq.ConnectionProvider;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;

/**
 * Gives jOOQ the connection of the Spring transaction it runs in, or one from the pool for a statement outside a
 * transaction, as Spring Boot's default does, without that default's connection proxy. Spring Boot wraps the pool in
 * a {@code TransactionAwareDataSourceProxy}, which hands jOOQ a JDK proxy of the connection: every call on it (the
 * statement's preparation, the close) goes through reflection and looks up the transaction again. On an unread-totals
 * request the proxy cost about 9% of the time spent running its statement (docs/performance.md, twenty-ninth session).
 */
@Component
class TransactionConnections implements ConnectionProvider {

    private final DataSource pool;

    TransactionConnections(DataSource pool) {
        this.pool = pool;
    }

    @Override
    public Connection acquire() {
        return DataSourceUtils.getConnection(pool);
    }

    @Override
    public void release(Connection connection) {
        DataSourceUtils.releaseConnection(connection, pool);
    }
}
