package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HttpConnectionTest {

    /** Answers the first request on one connection with {@code response}'s bytes, then closes it. */
    private static CompletableFuture<String> serveOnce(ServerSocket server, String response) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket socket = server.accept()) {
                InputStream in = socket.getInputStream();
                StringBuilder request = new StringBuilder();
                while (!request.toString().endsWith("\r\n\r\n")) {
                    request.append((char) in.read());
                }
                OutputStream out = socket.getOutputStream();
                out.write(response.getBytes(StandardCharsets.UTF_8));
                out.flush();
                return request.toString();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aBodyWithALengthIsReadWholeAndDecodedOnlyAsUtf8() throws Exception {
        String body = "{\"name\":\"Zoë\",\"pad\":\"" + "x".repeat(40_000) + "\"}";
        int length = body.getBytes(StandardCharsets.UTF_8).length;
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             HttpConnection http = new HttpConnection("127.0.0.1", server.getLocalPort(), (request, answer) -> {
                 sent.addAndGet(request);
                 answered.addAndGet(answer);
             })) {
            CompletableFuture<String> request = serveOnce(server, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + length + "\r\n\r\n" + body);

            HttpConnection.Response response = http.exchange("GET", "/page", "token", null, null, null);

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.content()).hasSize(length);
            assertThat(response.body()).isEqualTo(body);
            assertThat(request.get()).startsWith("GET /page HTTP/1.1\r\n").contains("Authorization: Bearer token\r\n");
            assertThat(sent.get()).isEqualTo(request.get().length());
            assertThat(answered.get()).isEqualTo(length);
        }
    }

    @Test
    void aConnectionClosedInsideTheBodyIsAnErrorNotAShortBody() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             HttpConnection http = new HttpConnection("127.0.0.1", server.getLocalPort(), (request, answer) -> { })) {
            serveOnce(server, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly twenty bytes...");

            assertThatThrownBy(() -> http.exchange("GET", "/page", null, null, null, null))
                    .isInstanceOf(EOFException.class).hasMessageContaining("100-byte body");
        }
    }

    @Test
    void aChunkedBodyIsJoinedFromItsChunks() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             HttpConnection http = new HttpConnection("127.0.0.1", server.getLocalPort(), (request, answer) -> { })) {
            serveOnce(server, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;ext=1\r\n world\r\n"
                    + "0\r\n\r\n");

            assertThat(http.exchange("GET", "/page", null, null, null, null).body()).isEqualTo("hello world");
        }
    }
}
