package dev.parley.bench;

import com.sun.net.httpserver.HttpServer;
import dev.parley.delivery.sms.TwilioSignature;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parley's benchmark. Each scenario runs the same clients for the same time against Parley (app), against
 * the SQL behind it straight over JDBC (raw_sql), and against a no-op endpoint of the same server taking a
 * request of the same method and size (raw_http). {@code limit = 1/(1/raw_sql + 1/raw_http)} is what the
 * machine could do if Parley's own work cost nothing; {@code ratio = app/limit}.
 */
public final class Bench {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String OPERATOR = "bench-operator-token";
    private static final String AUTH_TOKEN = "0123456789abcdef0123456789abcdef";
    private static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";

    private final int clients;
    private final double seconds;
    private boolean hold;
    /** Parley's database connections when given (--pool-size), otherwise Parley's own default. */
    private String poolSize;
    /** How many of PostgreSQL's costliest statements to show for each measurement; 0 shows none. */
    private int statements;
    private CareHqCredential careHq;
    private String base;
    private int port;
    /** Bumped for each scale: a client thread's connections belong to one server and one database. */
    private volatile int generation;
    private String token;
    private long tenant;
    /** The Twilio stand-in of the scale being measured. */
    private FakeProvider provider;
    private String jdbcUrl;
    private CpuMeter cpu;
    private final ThreadLocal<Connections> connections = new ThreadLocal<>();
    /** The bytes of the HTTP requests sent and of their answers' bodies, and their number, since {@link #countBytes}. */
    private final LongAdder requestBytes = new LongAdder();
    private final LongAdder answerBytes = new LongAdder();
    private final LongAdder requests = new LongAdder();
    private final List<Map<String, Object>> results = new ArrayList<>();

    private Bench(int clients, double seconds) {
        this.clients = clients;
        this.seconds = seconds;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of("--messages", "1000000", "--clients", "8",
                "--seconds", "5", "--compare-messages", "0", "--jar", "target/parley.jar", "--out", "target/bench"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        Bench bench = new Bench(Integer.parseInt(options.get("--clients")), Double.parseDouble(options.get("--seconds")));
        List<Integer> scales = new ArrayList<>(List.of(Integer.parseInt(options.get("--messages"))));
        bench.hold = Boolean.parseBoolean(options.getOrDefault("--hold", "false"));
        bench.statements = Integer.parseInt(options.getOrDefault("--statements", "0"));
        if (options.containsKey("--pool-size")) {
            bench.poolSize = Integer.toString(Integer.parseInt(options.get("--pool-size")));
        }
        List<String> chosen = options.containsKey("--scenarios") ? List.of(options.get("--scenarios").split(",")) : Scenarios.ALL;
        for (String scenario : chosen) {
            if (!Scenarios.ALL.contains(scenario)) {
                throw new IllegalArgumentException("unknown scenario " + scenario + "; the scenarios are " + Scenarios.ALL);
            }
        }
        int compare = Integer.parseInt(options.get("--compare-messages"));
        if (compare > 0) {
            scales.add(compare);
        }
        for (int s = 0; s < scales.size(); s++) {
            List<String> scenarios = s == 0 ? chosen : chosen.stream().filter(Scenarios.AT_EVERY_SCALE::contains).toList();
            bench.runAt(scales.get(s), Path.of(options.get("--jar")), Path.of(options.get("--out")), scenarios);
        }
        bench.report(Path.of(options.get("--out")));
        System.exit(0);
    }

    private void runAt(int messages, Path jar, Path out, List<String> scenarios) throws Exception {
        Path dataDir = out.resolve("pg-" + messages);
        deleteRecursively(dataDir);
        Files.createDirectories(dataDir);
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(true)
                .setServerConfig("max_connections", "100").setServerConfig("shared_buffers", "512MB")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("shared_preload_libraries", "pg_stat_statements").start();
             FakeProvider provider = new FakeProvider()) {
            jdbcUrl = postgres.getJdbcUrl("postgres", "postgres");
            port = freePort();
            base = "http://localhost:" + port;
            generation++;
            careHq = null;
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-XX:+UseParallelGC", "-jar", jar.toString(), "--spring.profiles.active=bench",
                    "--server.port=" + port,
                    "--spring.datasource.url=" + jdbcUrl, "--spring.datasource.username=postgres",
                    "--spring.datasource.password=postgres", "--parley.operator-token=" + OPERATOR,
                    "--parley.public-base-url=" + base, "--parley.delivery.sender-interval=0",
                    "--parley.carehq.rate-limit=1000000", "--logging.level.root=WARN",
                    "--management.endpoints.web.exposure.include=health,metrics"));
            if (poolSize != null) {
                command.add("--spring.datasource.hikari.maximum-pool-size=" + poolSize);
            }
            Process parley = new ProcessBuilder(command)
                    .redirectErrorStream(true).redirectOutput(out.resolve("parley-" + messages + ".log").toFile()).start();
            // Ctrl-C (how --hold ends) or a kill runs shutdown hooks but not finally blocks: stop Parley either way.
            Thread stopParley = new Thread(parley::destroy);
            Runtime.getRuntime().addShutdownHook(stopParley);
            try {
                cpu = CpuMeter.of(parley, dataDir);
                Load.meter(cpu);
                Load.serverCompiler(this::compilationMillis);
                awaitUp();
                setUp(provider);
                long t0 = System.nanoTime();
                try (Connection db = DriverManager.getConnection(jdbcUrl)) {
                    System.out.printf("Generating %,d messages...%n", messages);
                    db.setAutoCommit(false);
                    DataSet.generate(db, tenant, messages);
                }
                System.out.printf("Data ready in %.1f s%n", (System.nanoTime() - t0) / 1e9);
                if (hold) {
                    System.out.printf("Holding for profiling: Parley at %s (token %s), database at %s; Ctrl-C ends.%n",
                            base, token, jdbcUrl);
                    parley.waitFor();
                }
                try (StatementTimes times = statements > 0 ? StatementTimes.of(jdbcUrl, statements) : null) {
                    Load.statementTimes(times);
                    new Scenarios(this, messages).run(scenarios);
                } finally {
                    Load.statementTimes(null);
                }
            } finally {
                parley.destroy();
                parley.waitFor();
                Runtime.getRuntime().removeShutdownHook(stopParley);
            }
        }
    }

    private void setUp(FakeProvider provider) throws Exception {
        this.provider = provider;
        tenant = post("/api/v1/tenants", OPERATOR, Map.of("name", "Bench Vets", "subdomain", "bench",
                "timezone", "America/New_York")).get("id").asLong();
        token = post("/api/v1/tenants/" + tenant + "/tokens", OPERATOR, Map.of("name", "bench",
                "scopes", List.of("admin"))).get("token").asString();
        for (int i = 0; i < 4; i++) {
            post("/api/v1/locations", token, Map.of("name", "Site " + i, "timezone", "America/New_York",
                    "sms_number", "+1555000000" + i, "email_address", "site" + i + "@bench.example"));
        }
        send("PUT", "/api/v1/channels/sms", token, JSON.writeValueAsString(Map.of("provider", "twilio",
                "account_sid", ACCOUNT, "auth_token", AUTH_TOKEN, "base_url", provider.url())), "application/json", 200);
    }

    // --- what scenarios use -------------------------------------------------------------------------------

    String token() {
        return token;
    }

    long tenant() {
        return tenant;
    }

    /** Messages the provider has accepted since this scale's Parley started. */
    long handedToProvider() {
        return provider.accepted.get();
    }

    int clients() {
        return clients;
    }

    double seconds() {
        return seconds;
    }

    /** The CPU used by this scale's Parley and PostgreSQL. */
    CpuMeter cpu() {
        return cpu;
    }

    /** A client thread's own connections, opened on first use and kept for one scale. */
    private final class Connections {
        final int generation = Bench.this.generation;
        /** Set while a no-op request is sent: the sizes counted are the app's exchanges', which the no-op copies. */
        boolean sendingNoOp;
        final HttpConnection http = new HttpConnection("127.0.0.1", port, (request, answer) -> {
            if (!sendingNoOp) {
                requestBytes.add(request);
                answerBytes.add(answer);
                requests.increment();
            }
        });
        Connection db;

        void close() throws Exception {
            http.close();
            if (db != null) {
                db.close();
            }
        }
    }

    private Connections connections() throws Exception {
        Connections current = connections.get();
        if (current == null || current.generation != generation) {
            if (current != null) {
                current.close();
            }
            current = new Connections();
            connections.set(current);
        }
        return current;
    }

    /** This client thread's own JDBC connection (autocommit), opened once per scale. */
    Connection db() throws Exception {
        Connections current = connections();
        if (current.db == null) {
            current.db = DriverManager.getConnection(jdbcUrl);
        }
        return current.db;
    }

    /** How long Parley's JIT compiler has worked since it started, from its metrics endpoint (bench only). */
    double compilationMillis() throws Exception {
        return JSON.readTree(get("/actuator/metrics/jvm.compilation.time", null).body()).get("measurements").get(0)
                .get("value").asDouble();
    }

    /** Runs a query and reads every row, as an endpoint would before rendering. */
    static int query(PreparedStatement statement) throws Exception {
        int rows = 0;
        try (ResultSet rs = statement.executeQuery()) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int c = 1; c <= columns; c++) {
                    rs.getObject(c);
                }
                rows++;
            }
        }
        return rows;
    }

    HttpConnection.Response get(String path, String bearer) throws Exception {
        return send("GET", path, bearer, null, null, 200);
    }

    JsonNode post(String path, String bearer, Object body) throws Exception {
        return JSON.readTree(send("POST", path, bearer, JSON.writeValueAsString(body), "application/json", -1).body());
    }

    HttpConnection.Response send(String method, String path, String bearer, String body, String contentType, int expected) throws Exception {
        return check(method + " " + path, expected, connections().http.exchange(method, path, bearer, contentType, null,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8)));
    }

    /** Starts counting the requests sent, their bytes and their answers' afresh, for {@link #noOp}'s sizes. */
    void countBytes() {
        requestBytes.reset();
        answerBytes.reset();
        requests.reset();
    }

    /**
     * The mean size in bytes, head and body, of the HTTP requests sent since {@link #countBytes}, the no-op's left
     * out.
     */
    int meanRequestBytes() {
        long count = requests.sum();
        return count == 0 ? 0 : (int) (requestBytes.sum() / count);
    }

    /** The mean size in bytes of the bodies that answered those requests. */
    int meanAnswerBytes() {
        long count = requests.sum();
        return count == 0 ? 0 : (int) (answerBytes.sum() / count);
    }

    /**
     * A request to the no-op endpoint, made {@code bytes} long (as issue 9 asks: the same method and size as the
     * app's) by a padding header when it would be shorter, and asking for an answer {@code answerBytes} long, so
     * that the server's work of sending the app's answer is the no-op's too.
     */
    HttpConnection.Response noOp(String method, String body, String contentType, int bytes, int answerBytes)
            throws Exception {
        byte[] content = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        Connections own = connections();
        HttpConnection http = own.http;
        String answer = "X-Bench-Answer-Bytes: " + Math.max(2, answerBytes);
        // "\r\nX-Bench-Padding: " is 19 bytes.
        int room = bytes - http.size(method, "/bench/noop", null, contentType, answer, content) - 19;
        String headers = room > 0 ? answer + "\r\nX-Bench-Padding: " + "x".repeat(room) : answer;
        own.sendingNoOp = true;
        try {
            return check(method + " /bench/noop", 200, http.exchange(method, "/bench/noop", null, contentType, headers,
                    content));
        } finally {
            own.sendingNoOp = false;
        }
    }

    /** A Twilio webhook, form-encoded and signed as Twilio signs it. */
    HttpConnection.Response webhook(String pathAndQuery, Map<String, String> params) throws Exception {
        Map<String, List<String>> multi = new LinkedHashMap<>();
        params.forEach((k, v) -> multi.put(k, List.of(v)));
        String signature = TwilioSignature.compute(AUTH_TOKEN, base + pathAndQuery, multi);
        return check("webhook " + pathAndQuery, 200, connections().http.exchange("POST", pathAndQuery, null,
                "application/x-www-form-urlencoded", "X-Twilio-Signature: " + signature,
                form(params).getBytes(StandardCharsets.UTF_8)));
    }

    record CareHqCredential(String accountId, String apiKey, String secret) {}

    /** A CareHQ API credential for the bench tenant, issued once. */
    synchronized CareHqCredential careHqCredential() throws Exception {
        if (careHq == null) {
            JsonNode issued = post("/api/v1/credentials/carehq", token, Map.of("name", "bench"));
            careHq = new CareHqCredential(issued.get("account_id").asString(), issued.get("api_key").asString(),
                    issued.get("api_secret").asString());
        }
        return careHq;
    }

    /** A CareHQ GET, signed as CareHQ documents (version 2.0) with a fresh nonce. */
    HttpConnection.Response careHq(String pathAndQuery, CareHqCredential credential, String path, List<String> canonicalParameters)
            throws Exception {
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        String nonce = Long.toHexString(ThreadLocalRandom.current().nextLong()) + Long.toHexString(System.nanoTime());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(credential.secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = HexFormat.of().formatHex(mac.doFinal((timestamp + "\n" + nonce + "\nGET\n" + path + "\n"
                + String.join("\n", canonicalParameters)).getBytes(StandardCharsets.UTF_8)));
        String headers = "X-CareHQ-AccountId: " + credential.accountId() + "\r\nX-CareHQ-APIKey: " + credential.apiKey()
                + "\r\nX-CareHQ-Timestamp: " + timestamp + "\r\nX-CareHQ-Nonce: " + nonce + "\r\nX-CareHQ-Signature: "
                + signature + "\r\nX-CareHQ-Signature-Version: 2.0\r\nAccept: application/json";
        return check("CareHQ " + pathAndQuery, 200, connections().http.exchange("GET", pathAndQuery, null, null, headers, null));
    }

    private static HttpConnection.Response check(String request, int expected, HttpConnection.Response response) {
        if ((expected > 0 && response.status() != expected) || response.status() >= 400) {
            throw new IllegalStateException(request + " answered " + response.status() + ": " + response.body());
        }
        return response;
    }

    static String form(Map<String, String> params) {
        List<String> pairs = new ArrayList<>();
        params.forEach((k, v) -> pairs.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return String.join("&", pairs);
    }

    static String accountSid() {
        return ACCOUNT;
    }

    /** Records one scenario's three measurements. */
    void record(String scenario, int messages, Load.Result app, Load.Result rawSql, Load.Result rawHttp) {
        record(scenario, messages, app, rawSql, rawHttp, null);
    }

    /**
     * Records one scenario's three measurements, and, for list and thread, a lean query's rate beside the app's
     * own SQL ({@code lean_sql_ops_per_s}; not part of the limit).
     */
    void record(String scenario, int messages, Load.Result app, Load.Result rawSql, Load.Result rawHttp, Load.Result lean) {
        double limit = rawSql == null ? 0 : 1 / (1 / rawSql.opsPerSecond() + 1 / rawHttp.opsPerSecond());
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("scenario", scenario);
        row.put("messages", messages);
        row.put("app_ops_per_s", round(app.opsPerSecond()));
        row.put("raw_sql_ops_per_s", rawSql == null ? null : round(rawSql.opsPerSecond()));
        row.put("raw_http_ops_per_s", rawHttp == null ? null : round(rawHttp.opsPerSecond()));
        row.put("limit_ops_per_s", rawSql == null ? null : round(limit));
        row.put("ratio", rawSql == null ? null : Math.round(app.opsPerSecond() / limit * 100) / 100.0);
        row.put("p50_ms", Math.round(app.p50Millis() * 100) / 100.0);
        row.put("p99_ms", Math.round(app.p99Millis() * 100) / 100.0);
        if (lean != null) {
            row.put("lean_sql_ops_per_s", round(lean.opsPerSecond()));
        }
        if (rawHttp != null) {
            // The no-op's requests and answers are made as large as these (see noOp).
            row.put("request_bytes", meanRequestBytes());
            row.put("answer_bytes", meanAnswerBytes());
        }
        row.put("parley_cpu_us_per_op", round(app.parleyCpuMicros()));
        row.put("db_cpu_us_per_op", round(app.databaseCpuMicros()));
        row.put("raw_sql_db_cpu_us_per_op", rawSql == null ? null : round(rawSql.databaseCpuMicros()));
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("app", cpuPerOperation(app));
        if (rawSql != null) {
            cpu.put("raw_sql", cpuPerOperation(rawSql));
            cpu.put("raw_http", cpuPerOperation(rawHttp));
        }
        row.put("cpu_us_per_op", cpu);
        results.add(row);
        System.out.printf("%-18s %,10d  app %8.0f/s  raw_sql %8s  raw_http %8s  limit %8s  ratio %5s  p50 %6.2f ms  p99 %6.2f ms%n",
                scenario, messages, app.opsPerSecond(), row.get("raw_sql_ops_per_s"), row.get("raw_http_ops_per_s"),
                row.get("limit_ops_per_s"), row.get("ratio"), app.p50Millis(), app.p99Millis());
        System.out.printf("%-18s %,10d  CPU per request: Parley %.0f us, PostgreSQL %.0f us%s%n", scenario, messages,
                app.parleyCpuMicros(), app.databaseCpuMicros(),
                rawSql == null ? "" : " (raw_sql: PostgreSQL " + row.get("raw_sql_db_cpu_us_per_op") + " us)");
        System.out.printf("%-18s %,10d  CPU per request, us: %s%n", scenario, messages, cpu.entrySet().stream()
                .map(side -> side.getKey() + " " + side.getValue().toString().replaceAll("[{}]", ""))
                .collect(java.util.stream.Collectors.joining(" | ")));
        if (rawHttp != null) {
            System.out.printf("%-18s %,10d  mean size, bytes: request %d, answer %d (the no-op's the same)%n", scenario,
                    messages, meanRequestBytes(), meanAnswerBytes());
        }
        if (lean != null) {
            System.out.printf("%-18s %,10d  lean_sql %8.0f/s (fewest columns, no attachments or receipts)%n", scenario,
                    messages, lean.opsPerSecond());
        }
        app.statements().forEach(line -> System.out.printf("%-18s %,10d  app SQL  %s%n", scenario, messages, line));
        if (rawSql != null) {
            rawSql.statements().forEach(line ->
                    System.out.printf("%-18s %,10d  raw SQL  %s%n", scenario, messages, line));
        }
    }

    /**
     * The CPU one operation of a measurement cost, in microseconds, by who spent it: Parley (and, within that, its
     * JIT compiler), PostgreSQL, the load generator, the rest of the machine (the kernel's own threads), and the
     * cores' idle time. On two saturated cores they add up, the JIT's share apart, to two cores' time divided by the
     * rate.
     */
    private static Map<String, Object> cpuPerOperation(Load.Result result) {
        Map<String, Object> parts = new LinkedHashMap<>();
        parts.put("parley", round(result.parleyCpuMicros()));
        parts.put("parley_jit", round(result.cpuMicros(CpuMeter.Reading::parleyCompilerSeconds)));
        parts.put("postgresql", round(result.databaseCpuMicros()));
        parts.put("load_generator", round(result.cpuMicros(CpuMeter.Reading::loadSeconds)));
        parts.put("other", round(result.cpuMicros(CpuMeter.Reading::otherSeconds)));
        parts.put("idle", round(result.cpuMicros(CpuMeter.Reading::idleSeconds)));
        return parts;
    }

    private void report(Path out) throws IOException {
        Files.createDirectories(out);
        Files.writeString(out.resolve("results.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(results));
        System.out.println("\nscenario           messages   app/s  raw_sql/s  raw_http/s  limit/s  ratio  p50 ms  p99 ms"
                + "  parley us/op  db us/op  raw db us/op");
        for (Map<String, Object> r : results) {
            System.out.printf("%-18s %9s %7s %10s %11s %8s %6s %7s %7s %13s %9s %13s%n", r.get("scenario"), r.get("messages"),
                    r.get("app_ops_per_s"), r.get("raw_sql_ops_per_s"), r.get("raw_http_ops_per_s"), r.get("limit_ops_per_s"),
                    r.get("ratio"), r.get("p50_ms"), r.get("p99_ms"), r.get("parley_cpu_us_per_op"), r.get("db_cpu_us_per_op"),
                    r.get("raw_sql_db_cpu_us_per_op"));
        }
        scaleRatios();
        System.out.println("\nwritten to " + out.resolve("results.json"));
    }

    /** For scenarios measured at two scales: how much slower the larger history made them (1.0 = not at all). */
    private void scaleRatios() {
        List<Integer> scales = results.stream().map(r -> (Integer) r.get("messages")).distinct().toList();
        if (scales.size() < 2) {
            return;
        }
        System.out.printf("%nlatency at %,d messages against %,d:%n", scales.get(1), scales.get(0));
        for (String scenario : Scenarios.AT_EVERY_SCALE) {
            Map<String, Object> small = row(scenario, scales.get(0));
            Map<String, Object> large = row(scenario, scales.get(1));
            if (small != null && large != null) {
                System.out.printf("  %-18s p50 %.2fx  p99 %.2fx  throughput %.2fx%n", scenario,
                        (Double) large.get("p50_ms") / (Double) small.get("p50_ms"),
                        (Double) large.get("p99_ms") / (Double) small.get("p99_ms"),
                        ((Long) large.get("app_ops_per_s")).doubleValue() / (Long) small.get("app_ops_per_s"));
            }
        }
    }

    private Map<String, Object> row(String scenario, int messages) {
        return results.stream().filter(r -> r.get("scenario").equals(scenario) && r.get("messages").equals(messages))
                .findFirst().orElse(null);
    }

    private void awaitUp() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (get("/actuator/health", null).body().contains("UP")) {
                    return;
                }
            } catch (IOException | IllegalStateException notYet) {
                Thread.sleep(250);
            }
        }
        throw new IllegalStateException("Parley did not start within 120 s");
    }

    private static long round(double value) {
        return Math.round(value);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A Twilio stand-in that accepts every message at once, for the send scenario. */
    static final class FakeProvider implements AutoCloseable {
        private final HttpServer server;
        final AtomicLong accepted = new AtomicLong();

        FakeProvider() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newFixedThreadPool(4));
            server.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                byte[] body = ("{\"sid\": \"SMf" + accepted.incrementAndGet() + "x" + ThreadLocalRandom.current().nextLong(1 << 30)
                        + "\", \"status\": \"queued\"}").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(201, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
