package dev.parley.delivery;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the outbox delivers.
 *
 * @param workers worker threads on this node (default 4); 0 runs none, for nodes that only serve requests
 * @param batchSize how many due jobs a worker claims and hands to providers at once (default 50); its provider
 *     calls run at the same time, so this also bounds a worker's concurrent calls
 * @param batchWait how long a worker that found less than a full batch lets new jobs gather before it looks
 *     again (default 100ms): under a steady stream, a little latency for far fewer, fuller batches; a job that
 *     wakes an idle worker is claimed at once
 * @param pollInterval how long an idle worker waits before looking for due jobs again when no new job wakes it
 *     (default 500ms); new jobs wake the workers of every node at once (PostgreSQL NOTIFY)
 * @param lease how long a claimed job is a worker's before another may take it over (default 2m); longer
 *     than the slowest provider call
 * @param maxAttempts attempts before a message fails for good on transient errors (default 8)
 * @param baseBackoff the wait after the first transient failure, doubled after each (default 2s)
 * @param maxBackoff the longest wait between attempts (default 10m)
 * @param senderInterval the least time between two messages from one sender number (default 1s)
 * @param vacuumEvery how many claimed jobs between two vacuums of the jobs' table by the workers (default 2000; 0
 *     leaves it to autovacuum): see {@link Outbox#vacuum()}
 */
@ConfigurationProperties("parley.delivery")
public record DeliveryProperties(Integer workers, Integer batchSize, Duration batchWait, Duration pollInterval, Duration lease, Integer maxAttempts,
                                 Duration baseBackoff, Duration maxBackoff, Duration senderInterval, Integer vacuumEvery) {

    public DeliveryProperties {
        workers = workers == null ? 4 : workers;
        batchSize = batchSize == null ? 50 : batchSize;
        batchWait = batchWait == null ? Duration.ofMillis(100) : batchWait;
        pollInterval = pollInterval == null ? Duration.ofMillis(500) : pollInterval;
        lease = lease == null ? Duration.ofMinutes(2) : lease;
        maxAttempts = maxAttempts == null ? 8 : maxAttempts;
        baseBackoff = baseBackoff == null ? Duration.ofSeconds(2) : baseBackoff;
        maxBackoff = maxBackoff == null ? Duration.ofMinutes(10) : maxBackoff;
        senderInterval = senderInterval == null ? Duration.ofSeconds(1) : senderInterval;
        vacuumEvery = vacuumEvery == null ? 2000 : vacuumEvery;
        require(workers >= 0, "parley.delivery.workers", "0 or more");
        require(batchSize >= 1 && batchSize <= 1000, "parley.delivery.batch-size", "between 1 and 1000");
        require(!batchWait.isNegative(), "parley.delivery.batch-wait", "a duration such as 20ms (0 not to wait)");
        require(maxAttempts >= 1, "parley.delivery.max-attempts", "1 or more");
        require(!lease.isNegative() && !lease.isZero(), "parley.delivery.lease", "a positive duration such as 2m");
        require(!pollInterval.isNegative() && !pollInterval.isZero(), "parley.delivery.poll-interval",
                "a positive duration such as 500ms");
        require(!baseBackoff.isNegative(), "parley.delivery.base-backoff", "a duration such as 2s");
        require(maxBackoff.compareTo(baseBackoff) >= 0, "parley.delivery.max-backoff", "at least base-backoff");
        require(!senderInterval.isNegative(), "parley.delivery.sender-interval", "a duration such as 1s (0 for no pacing)");
        require(vacuumEvery >= 0, "parley.delivery.vacuum-every", "0 (never) or more");
    }

    private static void require(boolean ok, String property, String expected) {
        if (!ok) {
            throw new IllegalArgumentException(property + " must be " + expected);
        }
    }
}
