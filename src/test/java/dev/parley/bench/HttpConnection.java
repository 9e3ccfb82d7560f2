package dev.parley.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/**
 * A minimal HTTP/1.1 client over one kept-alive socket, one per load thread. The load generator shares the
 * machine's two cores with the server and PostgreSQL, so it must cost far less than what it measures:
 * {@code java.net.http.HttpClient} spent more CPU per request than a no-op endpoint does, which capped
 * every HTTP measurement at a few thousand requests per second.
 */
final class HttpConnection implements AutoCloseable {

    /** A response's status and its body's bytes, decoded only when asked: measured requests never ask. */
    record Response(int status, byte[] content) {

        String body() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    /** Told the size of each exchange: the request sent, head and body, and the body of its answer, in bytes. */
    interface Sizes {
        void exchanged(int requestBytes, int answerBytes);
    }

    private final String host;
    private final int port;
    private final Sizes sizes;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    HttpConnection(String host, int port, Sizes sizes) {
        this.host = host;
        this.port = port;
        this.sizes = sizes;
    }

    /** The size in bytes, head and body, of the request {@link #exchange} would send. */
    int size(String method, String path, String bearer, String contentType, String extraHeader, byte[] body) {
        return head(method, path, bearer, contentType, extraHeader, body).length + (body == null ? 0 : body.length);
    }

    Response exchange(String method, String path, String bearer, String contentType, String extraHeader, byte[] body)
            throws IOException {
        boolean reused = socket != null;
        try {
            return exchangeOnce(method, path, bearer, contentType, extraHeader, body);
        } catch (ClosedBeforeResponse e) {
            if (!reused) {
                throw e;
            }
            // The server closed a connection that sat idle past its keep-alive time: it never saw this request.
            return exchangeOnce(method, path, bearer, contentType, extraHeader, body);
        }
    }

    /** The server closed the connection without answering a byte. */
    private static final class ClosedBeforeResponse extends IOException {
        ClosedBeforeResponse() {
            super("connection closed before a response");
        }
    }

    private Response exchangeOnce(String method, String path, String bearer, String contentType, String extraHeader,
                                  byte[] body) throws IOException {
        if (socket == null) {
            open();
        }
        byte[] head = head(method, path, bearer, contentType, extraHeader, body);
        try {
            out.write(head);
            if (body != null) {
                out.write(body);
            }
            out.flush();
        } catch (SocketException reset) {
            close();
            throw new ClosedBeforeResponse();
        }
        Response response = read();
        sizes.exchanged(head.length + (body == null ? 0 : body.length), response.content().length);
        return response;
    }

    private byte[] head(String method, String path, String bearer, String contentType, String extraHeader, byte[] body) {
        StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
                .append(host).append(':').append(port).append("\r\n");
        if (bearer != null) {
            head.append("Authorization: Bearer ").append(bearer).append("\r\n");
        }
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        if (extraHeader != null) {
            head.append(extraHeader).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private Response read() throws IOException {
        String statusLine;
        try {
            statusLine = line();
        } catch (SocketException reset) {
            statusLine = null;
        }
        if (statusLine == null) {
            close();
            throw new ClosedBeforeResponse();
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean closeAfter = false;
        for (String header = line(); header != null && !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).trim();
            String value = header.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                chunked = true;
            } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                closeAfter = true;
            }
        }
        byte[] content;
        if (chunked) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0;
                 size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                body.write(in.readNBytes(size));
                line();
            }
            line();
            content = body.toByteArray();
        } else {
            // Read straight into the body's own array (a 25-conversation page is 26 kB), and never take a body cut
            // short by a closed connection for a whole one.
            content = new byte[(int) Math.max(length, 0)];
            if (in.readNBytes(content, 0, content.length) < content.length) {
                close();
                throw new EOFException("connection closed inside a " + length + "-byte body");
            }
        }
        if (closeAfter) {
            close();
        }
        return new Response(status, content);
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) b);
        }
        return line.length() == 0 ? null : line.toString();
    }

    private void open() throws IOException {
        socket = new Socket(host, port);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream(), 16384);
        out = new BufferedOutputStream(socket.getOutputStream(), 16384);
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }
}
