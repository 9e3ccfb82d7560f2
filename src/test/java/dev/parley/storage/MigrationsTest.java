package dev.parley.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.testing.ParleyIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.DataSourceBuilder;

@ParleyIntegrationTest
class MigrationsTest {

    @Autowired
    DataSource dataSource;

    @Autowired
    DSLContext db;

    @Test
    void migrationsApplyOnAnEmptyDatabase() throws Exception {
        DataSource empty = emptyDatabase("migrations_check");
        var result = Flyway.configure().dataSource(empty).locations("classpath:db/migration").load().migrate();
        assertThat(result.success).isTrue();
        assertThat(result.migrationsExecuted).isGreaterThan(0);
        try (var connection = empty.getConnection();
             var rs = connection.createStatement().executeQuery(
                     "select count(*) from information_schema.tables where table_schema = 'public'"
                             + " and table_name in ('tenant','location','contact','conversation','message','template')")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(6);
        }
        ((AutoCloseable) empty).close();
    }

    @Test
    void tenantIdLeadsEveryPrimaryKeyForeignKeyAndIndexOfTenantTables() {
        List<String> offenders = db.fetch("""
                select c.relname || '.' || i.relname as name
                from pg_index x
                join pg_class i on i.oid = x.indexrelid
                join pg_class c on c.oid = x.indrelid
                join pg_namespace n on n.oid = c.relnamespace
                join pg_attribute a on a.attrelid = c.oid and a.attnum = x.indkey[0]
                where n.nspname = 'public'
                  and c.relname not in ('tenant', 'platform_secret', 'flyway_schema_history')
                  -- the inbound routing key and the indexes of chores that sweep across tenants (ADRs 3, 5 and 41)
                  and i.relname not in ('location_address_routing_key', 'delivery_job_due_idx', 'delivery_job_lease_idx',
                                        'message_sending_since_idx')
                  and a.attname <> 'tenant_id'
                union all
                select con.conrelid::regclass || '.' || con.conname
                from pg_constraint con
                join pg_attribute a on a.attrelid = con.conrelid and a.attnum = con.conkey[1]
                where con.contype = 'f' and a.attname <> 'tenant_id'
                """).getValues(0, String.class);
        assertThat(offenders).isEmpty();
    }

    @Test
    void anUpgradeDeletesTheDeliveryJobsThatHadEnded() throws Exception {
        DataSource database = emptyDatabase("delivery_upgrade");
        Flyway.configure().dataSource(database).locations("classpath:db/migration").target("66").load().migrate();
        try (var connection = database.getConnection(); var sql = connection.createStatement()) {
            // The jobs' messages play no part in the migration: foreign keys are not enforced while they go in.
            sql.execute("set session_replication_role = replica");
            sql.execute("insert into delivery_job (tenant_id, message_id, state, due_at) values"
                    + " (1, 1, 'done', now()), (1, 2, 'dead', now()), (1, 3, 'pending', now()), (1, 4, 'in_flight', now())");
        }

        Flyway.configure().dataSource(database).locations("classpath:db/migration").load().migrate();

        try (var connection = database.getConnection(); var sql = connection.createStatement()) {
            var left = sql.executeQuery("select message_id, state from delivery_job order by message_id");
            List<String> jobs = new ArrayList<>();
            while (left.next()) {
                jobs.add(left.getLong(1) + " " + left.getString(2));
            }
            assertThat(jobs).containsExactly("3 pending", "4 in_flight");
            sql.execute("set session_replication_role = replica");
            assertThatThrownBy(() -> sql.execute("insert into delivery_job (tenant_id, message_id, state, due_at)"
                    + " values (1, 5, 'done', now())")).hasMessageContaining("delivery_job_state_check");
        }
        ((AutoCloseable) database).close();
    }

    /** A new database of this server, dropped first if a run before left it. */
    private DataSource emptyDatabase(String name) throws Exception {
        db.execute("drop database if exists " + name);
        db.execute("create database " + name);
        String url;
        try (var connection = dataSource.getConnection()) {
            url = connection.getMetaData().getURL().replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
        }
        return DataSourceBuilder.create().url(url).username("postgres").password("postgres").build();
    }
}
