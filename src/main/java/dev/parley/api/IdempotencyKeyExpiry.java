package dev.parley.api;

import dev.parley.storage.Housekeeping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Forgets, on every node every {@code parley.idempotency.purge-interval}, the {@code Idempotency-Key}s older than
 * {@code parley.idempotency.retention}, so that their table holds a day of keys rather than every key ever
 * sent. Nodes that purge at the same time delete the same rows; neither waits long.
 */
@Component
class IdempotencyKeyExpiry extends Housekeeping {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeyExpiry.class);

    private final IdempotentRequests requests;
    private final IdempotencyProperties properties;

    IdempotencyKeyExpiry(IdempotentRequests requests, IdempotencyProperties properties) {
        super("idempotency-expiry", properties.purgeInterval());
        this.requests = requests;
        this.properties = properties;
    }

    @Override
    protected void run() {
        int forgotten = requests.forgetOlderThan(properties.retention());
        if (forgotten > 0) {
            log.info("Forgot {} Idempotency-Keys older than {}", forgotten, properties.retention());
        }
    }
}
