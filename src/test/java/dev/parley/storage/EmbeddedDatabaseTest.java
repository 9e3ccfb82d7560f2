package dev.parley.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDatabaseTest {

    @TempDir
    Path dataDir;

    @Test
    void dataInTheDataDirectorySurvivesARestart() throws Exception {
        EmbeddedDatabase first = EmbeddedDatabase.persistentIn(dataDir);
        try (var c = DriverManager.getConnection(first.jdbcUrl())) {
            c.createStatement().execute("create table kept (note text)");
            c.createStatement().execute("insert into kept values ('still here')");
        }
        first.stop();

        EmbeddedDatabase second = EmbeddedDatabase.persistentIn(dataDir);
        try (var c = DriverManager.getConnection(second.jdbcUrl());
             var rs = c.createStatement().executeQuery("select note from kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("still here");
        } finally {
            second.stop();
        }
        assertThat(second).isNotSameAs(first);
        assertThat(Files.exists(dataDir.resolve("PG_VERSION"))).isTrue();
    }
}
