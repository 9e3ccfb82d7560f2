package dev.parley.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Signals between the nodes of Parley through PostgreSQL's {@code LISTEN/NOTIFY}: "something changed on this
 * channel, have a look". A signal carries no data (the tables do) and may be lost (a node that reconnects
 * misses what was sent meanwhile), so a subscriber still looks by itself from time to time.
 * <p>
 * {@link #publishAfterCommit} runs this node's subscribers as soon as the transaction commits, and tells the
 * other nodes with a {@code NOTIFY} sent from its own connection, outside the caller's transaction: a
 * transaction that notifies holds a database-wide lock while it commits, so sending transactions never
 * notify themselves, and the signals of many commits in quick succession go out as one.
 */
@Component
public class Notifications implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Notifications.class);
    private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final long LISTEN_WAIT_MILLIS = 500;
    /** How long signals gather before they go to the other nodes: at most one NOTIFY per channel this often. */
    private static final long GATHER_MILLIS = 5;

    private final DataSource dataSource;
    /** Who sent a notification: this node's own come back to it, and are not run twice. */
    private final String node = UUID.randomUUID().toString();
    private final Map<String, List<Runnable>> subscribers = new ConcurrentHashMap<>();
    private final Set<String> toNotify = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean notifying = new AtomicBoolean();
    private final ExecutorService notifier = Executors.newSingleThreadExecutor(daemon("pg-notify"));
    private volatile Thread listener;
    private volatile boolean stopped;

    Notifications(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Runs {@code subscriber} whenever a signal on {@code channel} comes from this node or another. It runs on
     * a thread of its own, so it should only wake up whoever does the work.
     */
    public synchronized Subscription subscribe(String channel, Runnable subscriber) {
        List<Runnable> ofChannel = subscribers.computeIfAbsent(requireChannel(channel), c -> new CopyOnWriteArrayList<>());
        ofChannel.add(subscriber);
        if (listener == null && !stopped) {
            listener = daemon("pg-listen").newThread(this::listen);
            listener.start();
        }
        return () -> ofChannel.remove(subscriber);
    }

    /** A subscription, until it is closed. */
    @FunctionalInterface
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    /** Signals {@code channel} once the current transaction commits (at once outside a transaction). */
    public void publishAfterCommit(String channel) {
        requireChannel(channel);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    publish(channel);
                }
            });
        } else {
            publish(channel);
        }
    }

    private void publish(String channel) {
        deliver(channel);
        toNotify.add(channel);
        if (notifying.compareAndSet(false, true)) {
            try {
                notifier.execute(this::notifyOthers);
            } catch (RuntimeException stopping) {
                notifying.set(false);
            }
        }
    }

    /** Sends one NOTIFY per channel signalled since the last ones went. */
    private void notifyOthers() {
        try {
            Thread.sleep(GATHER_MILLIS);
        } catch (InterruptedException stopping) {
            return;
        }
        notifying.set(false);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement notify = connection.prepareStatement("select pg_notify(?, ?)")) {
            connection.setAutoCommit(true);
            for (String channel : List.copyOf(toNotify)) {
                toNotify.remove(channel);
                notify.setString(1, channel);
                notify.setString(2, node);
                notify.execute();
            }
        } catch (SQLException e) {
            log.warn("Could not signal the other nodes; they will find the work when they next look", e);
        }
    }

    private void deliver(String channel) {
        for (Runnable subscriber : subscribers.getOrDefault(channel, List.of())) {
            try {
                subscriber.run();
            } catch (RuntimeException e) {
                log.warn("A subscriber to {} failed", channel, e);
            }
        }
    }

    /** Listens on its own connection, and after losing it, on a new one. */
    private void listen() {
        while (!stopped) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                PGConnection postgres = connection.unwrap(PGConnection.class);
                Set<String> listening = ConcurrentHashMap.newKeySet();
                while (!stopped) {
                    for (String channel : subscribers.keySet()) {
                        if (listening.add(channel)) {
                            try (Statement statement = connection.createStatement()) {
                                statement.execute("LISTEN " + channel);
                            }
                        }
                    }
                    PGNotification[] received = postgres.getNotifications((int) LISTEN_WAIT_MILLIS);
                    if (received != null) {
                        for (PGNotification notification : received) {
                            if (!node.equals(notification.getParameter())) {
                                deliver(notification.getName());
                            }
                        }
                    }
                }
            } catch (SQLException e) {
                if (!stopped) {
                    log.warn("Lost the connection that listens for signals from other nodes; listening again shortly", e);
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
            }
        }
    }

    private static String requireChannel(String channel) {
        if (channel == null || !CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("A notification channel is a lower-case SQL identifier, not " + channel);
        }
        return channel;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void destroy() {
        stopped = true;
        notifier.shutdownNow();
        Thread thread = listener;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(2 * LISTEN_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
