package dev.parley.storage;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A chore run on every node at a fixed delay (forgetting old rows, asking a provider what became of a message), on
 * a daemon thread of its own, from the moment the application starts until it stops; a delay of zero turns it off.
 * Nodes that run it at the same time do the same work; a round that fails is logged and the next one tries again.
 */
public abstract class Housekeeping implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);

    private final String name;
    private final Duration every;
    private ScheduledExecutorService timer;

    protected Housekeeping(String name, Duration every) {
        this.name = name;
        this.every = every;
    }

    /** One round of the chore. */
    protected abstract void run();

    @Override
    public synchronized void start() {
        if (every.isZero()) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::runQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void runQuietly() {
        try {
            run();
        } catch (RuntimeException e) {
            // The next round tries again; a failure must not end the schedule.
            log.warn("{} failed; it runs again in {}", name, every, e);
        }
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
