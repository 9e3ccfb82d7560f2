package dev.parley.dialects.carehq;

import dev.parley.tenancy.ApiCredentials;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Deletes, on every node once a minute, the nonces signed longer ago than the clock tolerance: a request that old
 * is refused for its timestamp, so its nonce protects nothing any more, and the table holds minutes of nonces
 * rather than every one ever sent. Nodes that purge at the same time delete the same rows.
 */
@Component
class NonceExpiry implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NonceExpiry.class);
    private static final long EVERY_SECONDS = 60;

    private final ApiCredentials credentials;
    private ScheduledExecutorService timer;

    NonceExpiry(ApiCredentials credentials) {
        this.credentials = credentials;
    }

    /** Forgets the nonces a request could no longer be signed with; answers how many. */
    int purge() {
        return credentials.forgetNoncesSignedBefore(Instant.now().minus(SignedRequests.CLOCK_TOLERANCE));
    }

    @Override
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "carehq-nonce-expiry");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::purgeQuietly, EVERY_SECONDS, EVERY_SECONDS, TimeUnit.SECONDS);
    }

    private void purgeQuietly() {
        try {
            purge();
        } catch (RuntimeException e) {
            // The next round tries again; a failure must not end the schedule.
            log.warn("Could not forget old CareHQ nonces", e);
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
