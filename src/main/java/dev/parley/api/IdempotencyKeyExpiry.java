package dev.parley.api;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Forgets, on every node every {@code parley.idempotency.purge-interval}, the {@code Idempotency-Key}s older than
 * {@code parley.idempotency.retention}, so that their table holds a day of keys rather than every key ever
 * sent. Nodes that purge at the same time delete the same rows; neither waits long.
 */
@Component
class IdempotencyKeyExpiry implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeyExpiry.class);

    private final IdempotentRequests requests;
    private final IdempotencyProperties properties;
    private ScheduledExecutorService timer;

    IdempotencyKeyExpiry(IdempotentRequests requests, IdempotencyProperties properties) {
        this.requests = requests;
        this.properties = properties;
    }

    @Override
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "idempotency-expiry");
            thread.setDaemon(true);
            return thread;
        });
        long every = properties.purgeInterval().toMillis();
        timer.scheduleWithFixedDelay(this::purge, every, every, TimeUnit.MILLISECONDS);
    }

    private void purge() {
        try {
            int forgotten = requests.forgetOlderThan(properties.retention());
            if (forgotten > 0) {
                log.info("Forgot {} Idempotency-Keys older than {}", forgotten, properties.retention());
            }
        } catch (RuntimeException e) {
            // The next round tries again; a failure must not end the schedule.
            log.warn("Could not forget old Idempotency-Keys", e);
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
