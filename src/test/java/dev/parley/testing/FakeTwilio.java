package dev.parley.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server that answers as Twilio's Messages API does: it records every request and answers
 * with the responses queued for it or with a new message sid when none is queued; a GET of a message answers its
 * {@link #record}, or 404.
 */
public final class FakeTwilio implements AutoCloseable {

    /** A request as Twilio would have received it. */
    public record Request(String method, String path, String authorization, Map<String, List<String>> form, Instant at) {
        public String field(String name) {
            List<String> values = form.get(name);
            return values == null ? null : values.get(0);
        }
    }

    /** A queued answer; {@code delay} holds it back, to look like a slow or hung Twilio. */
    public record Answer(int status, String body, Map<String, String> headers, Duration delay) {}

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Queue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final Map<String, String> records = new ConcurrentHashMap<>();
    private final AtomicInteger sids = new AtomicInteger();

    public FakeTwilio() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public FakeTwilio answer(int status, String body) {
        return answer(status, body, Map.of(), Duration.ZERO);
    }

    public FakeTwilio answer(int status, String body, Map<String, String> headers, Duration delay) {
        answers.add(new Answer(status, body, headers, delay));
        return this;
    }

    /** What a GET of message {@code sid} answers from now on (others answer 404). */
    public FakeTwilio record(String sid, String body) {
        records.put(sid, body);
        return this;
    }

    public static String error(int code, String message, int status) {
        return "{\"code\": " + code + ", \"message\": \"" + message + "\", \"more_info\": \"https://www.twilio.com/docs/errors/"
                + code + "\", \"status\": " + status + "}";
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, List<String>> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                form.computeIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), k -> new ArrayList<>())
                        .add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders().getFirst("Authorization"), form, Instant.now()));
        Answer answer;
        if (exchange.getRequestMethod().equals("GET")) {
            String path = exchange.getRequestURI().getPath();
            String record = records.get(path.substring(path.lastIndexOf('/') + 1).replace(".json", ""));
            answer = record != null ? new Answer(200, record, Map.of(), Duration.ZERO)
                    : new Answer(404, error(20404, "The requested resource was not found", 404), Map.of(), Duration.ZERO);
        } else {
            answer = answers.poll();
        }
        if (answer == null) {
            String sid = String.format("SM%032d", sids.incrementAndGet());
            answer = new Answer(201, "{\"sid\": \"" + sid + "\", \"status\": \"queued\", \"to\": \"" + form.get("To").get(0)
                    + "\"}", Map.of(), Duration.ZERO);
        }
        try {
            Thread.sleep(answer.delay().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        try {
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException clientGone) {
            // Parley gave up waiting (a timeout test): nothing to answer.
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
