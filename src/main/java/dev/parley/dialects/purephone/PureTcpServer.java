package dev.parley.dialects.purephone;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The phone's framing over TCP on {@code parley.pure.tcp-port} (off unless set). The first envelope on a
 * connection logs in (see {@link PureProtocol#login}) and must come within {@code parley.pure.frame-timeout};
 * the connection then carries envelopes for that tenant and location, answered in order. A malformed frame,
 * a frame that does not arrive within the frame timeout, silence longer than {@code parley.pure.idle-timeout},
 * or a peer that stops reading our answers closes the connection. One thread serves each connection, up to
 * {@code parley.pure.max-connections}; more are closed at once.
 */
@Component
class PureTcpServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PureTcpServer.class);

    private final PureProtocol protocol;
    private final PureProperties properties;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;
    private ThreadPoolExecutor workers;
    private ScheduledExecutorService watchdog;

    PureTcpServer(PureProtocol protocol, PureProperties properties) {
        this.protocol = protocol;
        this.properties = properties;
    }

    /** The port it listens on, or -1 when it does not (no {@code parley.pure.tcp-port}, or stopped). */
    int port() {
        ServerSocket listening = server;
        return listening == null ? -1 : listening.getLocalPort();
    }

    @Override
    public synchronized void start() {
        if (properties.tcpPort() == null || server != null) {
            return;
        }
        ServerSocket socket;
        try {
            socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(properties.tcpPort()));
        } catch (IOException e) {
            throw new IllegalStateException("parley.pure.tcp-port " + properties.tcpPort() + " cannot be listened on ("
                    + e.getMessage() + "); choose a free port, or leave it unset for no TCP server", e);
        }
        AtomicInteger threads = new AtomicInteger();
        workers = new ThreadPoolExecutor(0, properties.maxConnections(), 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> daemon(r, "pure-tcp-" + threads.incrementAndGet()));
        watchdog = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "pure-tcp-watchdog"));
        watchdog.scheduleWithFixedDelay(this::closeStalledWriters, 1, 1, TimeUnit.SECONDS);
        server = socket;
        daemon(() -> accept(socket), "pure-tcp-accept").start();
        log.info("PurePhone TCP listening on port {}", socket.getLocalPort());
    }

    private static Thread daemon(Runnable work, String name) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        return thread;
    }

    private void accept(ServerSocket listening) {
        while (!listening.isClosed()) {
            Socket socket;
            try {
                socket = listening.accept();
            } catch (IOException e) {
                if (!listening.isClosed()) {
                    log.warn("PurePhone TCP accept failed", e);
                    pause();
                }
                continue;
            }
            Connection connection = new Connection(socket);
            connections.add(connection);
            try {
                workers.execute(() -> serve(connection));
            } catch (RejectedExecutionException full) {
                log.warn("PurePhone TCP: {} connections already; refusing {}", properties.maxConnections(),
                        socket.getRemoteSocketAddress());
                connection.close();
            }
        }
    }

    /** A moment's rest after a failed accept (out of file descriptors, say), so the loop does not spin. */
    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serve(Connection connection) {
        Socket socket = connection.socket;
        try {
            socket.setTcpNoDelay(true);
            Frames.Reader frames = new Frames.Reader(socket, properties.maxFrameBytes(), properties.frameTimeout());
            OutputStream out = socket.getOutputStream();
            PureSession session = null;
            // Until it logs in, a connection gets only the frame timeout to say who it is, so that silent
            // connections cannot hold the server's threads for the whole idle timeout.
            for (byte[] frame = frames.next(properties.frameTimeout()); frame != null;
                 frame = frames.next(session == null ? properties.frameTimeout() : properties.idleTimeout())) {
                if (session == null) {
                    PureProtocol.Login login = protocol.login(frame);
                    connection.write(out, Frames.encode(login.answer()));
                    if (login.session() == null) {
                        break;
                    }
                    session = login.session();
                } else {
                    connection.write(out, Frames.encode(protocol.answer(session, frame)));
                }
            }
        } catch (IOException e) {
            // A malformed or late frame, a peer gone: the stream is out of step, and the connection ends.
            log.debug("PurePhone TCP connection from {} ends: {}", socket.getRemoteSocketAddress(), e.toString());
        } catch (RuntimeException e) {
            log.error("PurePhone TCP connection from {} failed", socket.getRemoteSocketAddress(), e);
        } finally {
            connection.close();
        }
    }

    /** Closes connections whose peer has not taken an answer within the frame timeout, which frees their thread. */
    private void closeStalledWriters() {
        long limit = properties.frameTimeout().toNanos();
        long now = System.nanoTime();
        for (Connection connection : connections) {
            long since = connection.writingSince;
            if (since != 0 && now - since > limit) {
                log.debug("PurePhone TCP: {} stopped reading; closing", connection.socket.getRemoteSocketAddress());
                connection.closeNow();
            }
        }
    }

    /** One connection: its socket, and since when a write to it has been waiting (0 when none is). */
    private final class Connection {
        final Socket socket;
        volatile long writingSince;

        Connection(Socket socket) {
            this.socket = socket;
        }

        void write(OutputStream out, byte[] frame) throws IOException {
            writingSince = System.nanoTime() | 1;
            try {
                out.write(frame);
                out.flush();
            } finally {
                writingSince = 0;
            }
        }

        /**
         * Closes after what was written has gone: our side is shut first, then what the peer still sends is
         * read and dropped for a moment, so that closing does not reset the connection under its last answer.
         */
        void close() {
            connections.remove(this);
            try {
                if (!socket.isClosed() && !socket.isOutputShutdown()) {
                    socket.shutdownOutput();
                    socket.setSoTimeout(200);
                    InputStream in = socket.getInputStream();
                    byte[] drain = new byte[8192];
                    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
                    while (System.nanoTime() < deadline && in.read(drain) >= 0) {
                        // Dropped: the connection is ending.
                    }
                }
            } catch (IOException ignored) {
                // The peer is gone already.
            } finally {
                closeNow();
            }
        }

        void closeNow() {
            connections.remove(this);
            try {
                socket.close();
            } catch (IOException ignored) {
                // Closing a broken socket: nothing more to do.
            }
        }
    }

    @Override
    public synchronized void stop() {
        ServerSocket listening = server;
        server = null;
        if (listening == null) {
            return;
        }
        try {
            listening.close();
        } catch (IOException ignored) {
            // Stopping anyway.
        }
        connections.forEach(Connection::closeNow);
        workers.shutdownNow();
        watchdog.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }
}
