package dev.parley.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.ParleyIntegrationTest;
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
        db.execute("drop database if exists migrations_check");
        db.execute("create database migrations_check");
        String url;
        try (var connection = dataSource.getConnection()) {
            url = connection.getMetaData().getURL().replaceFirst("/[^/?]+(\\?|$)", "/migrations_check$1");
        }
        DataSource empty = DataSourceBuilder.create().url(url).username("postgres").password("postgres").build();
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
                  and i.relname not in ('location_address_routing_key', 'delivery_job_due_idx', 'delivery_job_lease_idx')
                  and a.attname <> 'tenant_id'
                union all
                select con.conrelid::regclass || '.' || con.conname
                from pg_constraint con
                join pg_attribute a on a.attrelid = con.conrelid and a.attnum = con.conkey[1]
                where con.contype = 'f' and a.attname <> 'tenant_id'
                """).getValues(0, String.class);
        assertThat(offenders).isEmpty();
    }
}
