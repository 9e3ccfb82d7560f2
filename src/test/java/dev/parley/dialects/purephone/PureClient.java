package dev.parley.dialects.purephone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Http;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * A PurePhone client on one of the three transports, as an integrator's would be: it sends an envelope and
 * gives back the answer envelope.
 */
abstract class PureClient implements AutoCloseable {

    /** The three ways envelopes travel. */
    enum Transport { HTTP, WEBSOCKET, TCP }

    /** Sends one envelope (JSON text) and answers the answer envelope. */
    abstract JsonNode send(String envelope);

    @Override
    public abstract void close();

    /**
     * A client logged in with the token; {@code location}, when not null, is named in X-Parley-Location or
     * the TCP login's location_id.
     */
    static PureClient connect(Transport transport, int httpPort, int tcpPort, String token, Long location) {
        return switch (transport) {
            case HTTP -> new OverHttp(httpPort, token, location);
            case WEBSOCKET -> new OverWebSocket(httpPort, token, location);
            case TCP -> {
                OverTcp tcp = new OverTcp(tcpPort);
                JsonNode login = tcp.send(login(token, location));
                assertThat(login.get("status").asInt()).as(login.toString()).isEqualTo(200);
                yield tcp;
            }
        };
    }

    static String login(String token, Long location) {
        return "{\"endpoint\": 13, \"method\": 2, \"uuid\": 1, \"body\": {\"token\": \"" + token + "\""
                + (location == null ? "" : ", \"location_id\": " + location) + "}}";
    }

    static final class OverHttp extends PureClient {
        private final Http http;
        private final String token;
        private final Map<String, String> headers = new LinkedHashMap<>();

        OverHttp(int port, String token, Long location) {
            this.http = new Http(port);
            this.token = token;
            if (location != null) {
                headers.put("X-Parley-Location", location.toString());
            }
        }

        @Override
        JsonNode send(String envelope) {
            Http.Response response = http.send("POST", "/api/pure", token, envelope, headers);
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            return response.json();
        }

        @Override
        public void close() {
            // Nothing held between requests.
        }
    }

    static final class OverWebSocket extends PureClient {
        private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
        private final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final WebSocket socket;

        OverWebSocket(int port, String token, Long location) {
            WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .header("Authorization", "Bearer " + token);
            if (location != null) {
                builder.header("X-Parley-Location", location.toString());
            }
            socket = builder.buildAsync(URI.create("ws://localhost:" + port + "/api/pure/ws"), new WebSocket.Listener() {
                private final StringBuilder text = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                    text.append(data);
                    if (last) {
                        answers.add(text.toString());
                        text.setLength(0);
                    }
                    webSocket.request(1);
                    return null;
                }

                @Override
                public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                    closed.complete(statusCode);
                    return null;
                }

                @Override
                public void onError(WebSocket webSocket, Throwable error) {
                    closed.complete(-1);
                }
            }).join();
        }

        @Override
        JsonNode send(String envelope) {
            socket.sendText(envelope, true).join();
            return Http.JSON.readTree(next());
        }

        WebSocket socket() {
            return socket;
        }

        /** Sends without waiting for an answer. */
        void sendOnly(String envelope) {
            socket.sendText(envelope, true).join();
        }

        String next() {
            try {
                String answer = answers.poll(10, TimeUnit.SECONDS);
                assertThat(answer).as("an answer within 10 s").isNotNull();
                return answer;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** The close code the server sent, waiting up to the given time; null when it did not close. */
        Integer closeCode(Duration wait) {
            try {
                return closed.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                return null;
            }
        }

        @Override
        public void close() {
            socket.abort();
        }
    }

    static final class OverTcp extends PureClient {
        final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        OverTcp(int port) {
            try {
                socket = new Socket();
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                socket.setSoTimeout(10_000);
                in = socket.getInputStream();
                out = socket.getOutputStream();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        JsonNode send(String envelope) {
            write(frame(envelope.getBytes(StandardCharsets.UTF_8)));
            return Http.JSON.readTree(readFrame());
        }

        static byte[] frame(byte[] json) {
            byte[] header = String.format("#%09d", json.length).getBytes(StandardCharsets.US_ASCII);
            byte[] frame = new byte[header.length + json.length];
            System.arraycopy(header, 0, frame, 0, header.length);
            System.arraycopy(json, 0, frame, header.length, json.length);
            return frame;
        }

        void write(byte[] bytes) {
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The next frame's JSON, checked to be framed as the phone frames it. */
        String readFrame() {
            try {
                byte[] header = in.readNBytes(10);
                assertThat(header).as("a frame header").hasSize(10);
                String text = new String(header, StandardCharsets.US_ASCII);
                assertThat(text).matches("#[0-9]{9}");
                int length = Integer.parseInt(text.substring(1));
                byte[] json = in.readNBytes(length);
                assertThat(json).hasSize(length);
                return new String(json, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Whether the server closed the connection: end of stream (or a reset) within the wait. */
        boolean closedByServer(Duration wait) {
            try {
                socket.setSoTimeout((int) wait.toMillis());
                while (true) {
                    if (in.read() < 0) {
                        return true;
                    }
                }
            } catch (java.net.SocketTimeoutException e) {
                return false;
            } catch (IOException reset) {
                return true;
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Closing anyway.
            }
        }
    }
}
