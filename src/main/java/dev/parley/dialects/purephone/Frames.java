package dev.parley.dialects.purephone;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The phone's serial framing, both ways: {@code #}, the JSON's length in bytes as nine zero-padded decimal
 * digits, then the JSON.
 */
final class Frames {

    static final int LENGTH_DIGITS = 9;

    private Frames() {}

    static byte[] encode(byte[] json) {
        byte[] header = String.format("#%0" + LENGTH_DIGITS + "d", json.length).getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[header.length + json.length];
        System.arraycopy(header, 0, frame, 0, header.length);
        System.arraycopy(json, 0, frame, header.length, json.length);
        return frame;
    }

    /** A frame that cannot be read (no {@code #}, a length that is not digits or too large): the stream is lost. */
    static final class Malformed extends IOException {
        Malformed(String message) {
            super(message);
        }
    }

    /**
     * Reads frames from a socket. It waits a given time for a frame to begin, then at most the frame timeout for
     * the whole of it, so a peer that stops mid-frame (or declares more bytes than it sends) is timed out rather
     * than holding the connection.
     */
    static final class Reader {

        private final Socket socket;
        private final InputStream in;
        private final int maxBytes;
        private final long frameNanos;

        Reader(Socket socket, int maxBytes, Duration frameTimeout) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream());
            this.maxBytes = maxBytes;
            this.frameNanos = frameTimeout.toNanos();
        }

        /**
         * The next frame's JSON, waiting at most {@code idle} for it to begin; null when the peer closed the
         * connection between frames.
         */
        byte[] next(Duration idle) throws IOException {
            socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, idle.toMillis())));
            int first = in.read();
            if (first < 0) {
                return null;
            }
            if (first != '#') {
                throw new Malformed("a frame starts with '#', not byte " + first);
            }
            long deadline = System.nanoTime() + frameNanos;
            byte[] digits = readFully(LENGTH_DIGITS, deadline);
            long length = 0;
            for (byte digit : digits) {
                if (digit < '0' || digit > '9') {
                    throw new Malformed("a frame's length is " + LENGTH_DIGITS + " decimal digits");
                }
                length = length * 10 + (digit - '0');
            }
            if (length > maxBytes) {
                throw new Malformed("a frame of " + length + " bytes is larger than the " + maxBytes + " accepted");
            }
            return readFully((int) length, deadline);
        }

        private byte[] readFully(int length, long deadline) throws IOException {
            byte[] bytes = new byte[length];
            int read = 0;
            while (read < length) {
                long remaining = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
                if (remaining <= 0) {
                    throw new SocketTimeoutException("the frame did not arrive in time");
                }
                socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remaining));
                int n = in.read(bytes, read, length - read);
                if (n < 0) {
                    throw new EOFException("the connection closed within a frame");
                }
                read += n;
            }
            return bytes;
        }
    }
}
