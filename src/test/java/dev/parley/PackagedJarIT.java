package dev.parley;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -XX:+UseParallelGC -jar target/parley.jar}, as the README runs it, on an empty directory starts its
 * own database and reports UP.
 */
class PackagedJarIT {

    @TempDir
    Path workDir;

    @Test
    void theJarStartsOnAnEmptyDirectoryAndReportsUp() throws Exception {
        Path jar = Path.of(System.getProperty("parley.jar", "target/parley.jar")).toAbsolutePath();
        assertThat(jar).exists();
        int port = freePort();
        Path log = workDir.resolve("parley.log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseParallelGC", "-jar", jar.toString(), "--server.port=" + port)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().remove("PARLEY_OPERATOR_TOKEN");
        long started = System.nanoTime();
        Process parley = builder.start();
        try {
            String health = awaitHealth(port, parley);
            long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            System.out.printf("parley.jar answered UP %d ms after launch on an empty directory%n", millis);
            assertThat(health).contains("\"status\":\"UP\"");
            assertThat(Files.readString(log)).contains("operator token");
            assertThat(workDir.resolve("data/postgres/PG_VERSION")).exists();
        } finally {
            parley.destroy();
            parley.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static String awaitHealth(int port, Process parley) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(parley.isAlive()).as("parley exited early").isTrue();
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return response.body();
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(200);
        }
        throw new AssertionError("parley did not answer /actuator/health within 90 s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
