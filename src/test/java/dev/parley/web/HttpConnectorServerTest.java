package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Http;
import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.TestTenant;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.coyote.http11.Http11Nio2Protocol;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/**
 * The running server answers on Tomcat's NIO2 connector (docs/adr/0040): one kept-alive connection carries request
 * after request, bodies and pipelined requests included.
 */
@ParleyIntegrationTest
class HttpConnectorServerTest {

    @Autowired
    WebServerApplicationContext context;

    @LocalServerPort
    int port;

    TestTenant clinic;

    @BeforeEach
    void setUp() {
        clinic = TestTenant.create(new Http(port));
    }

    @Test
    void tomcatServesOnTheNio2Connector() {
        assertThat(((TomcatWebServer) context.getWebServer()).getTomcat().getConnector().getProtocolHandler())
                .isInstanceOf(Http11Nio2Protocol.class);
    }

    @Test
    void oneConnectionCarriesRequestAfterRequest() throws IOException {
        String phone = TestTenant.uniqueNumber();
        byte[] contact = ("{\"kind\":\"client\",\"first_name\":\"Pip\",\"last_name\":\"Keepalive\",\"phones\":[\""
                + phone + "\"]}").getBytes(StandardCharsets.UTF_8);
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());

            out.write(get("/api/v1/unread"));
            assertThat(read(in).status()).isEqualTo(200);

            out.write(concat(head("POST", "/api/v1/contacts", "Content-Type: application/json\r\nContent-Length: "
                    + contact.length), contact));
            assertThat(read(in).status()).isEqualTo(201);

            // Two requests written at once: the second waits in the connection's buffer while the first is served.
            out.write(concat(get("/api/v1/contacts?q=Keepalive"), get("/api/v1/unread")));
            Answer search = read(in);
            Answer unread = read(in);
            assertThat(search.status()).isEqualTo(200);
            assertThat(search.body()).contains(phone);
            assertThat(unread.status()).isEqualTo(200);
        }
    }

    private record Answer(int status, String body) {}

    private Socket connect() throws IOException {
        Socket socket = new Socket("localhost", port);
        socket.setSoTimeout(30_000);
        return socket;
    }

    private byte[] get(String path) {
        return head("GET", path, null);
    }

    private byte[] head(String method, String path, String headers) {
        return (method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + clinic.token() + "\r\n"
                + (headers == null ? "" : headers + "\r\n") + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    /** Reads one response: its status line, its headers, and a body of the declared length or in chunks. */
    private static Answer read(InputStream in) throws IOException {
        String statusLine = line(in);
        Map<String, String> headers = new HashMap<>();
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int size = Integer.parseInt(line(in), 16); size > 0; size = Integer.parseInt(line(in), 16)) {
                body.write(in.readNBytes(size));
                line(in);
            }
            line(in);
        } else {
            body.write(in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0"))));
        }
        return new Answer(Integer.parseInt(statusLine.split(" ")[1]), body.toString(StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("the connection closed mid-response, after: " + line);
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
