package dev.parley.api;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long Parley remembers the answers of requests made with an {@code Idempotency-Key}.
 *
 * @param retention how long a key's answer is kept and replayed (default 24h); a retry after that runs anew
 * @param purgeInterval how often each node forgets the keys older than that (default 1h)
 */
@ConfigurationProperties("parley.idempotency")
public record IdempotencyProperties(Duration retention, Duration purgeInterval) {

    public IdempotencyProperties {
        retention = retention == null ? Duration.ofHours(24) : retention;
        purgeInterval = purgeInterval == null ? Duration.ofHours(1) : purgeInterval;
        if (retention.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("parley.idempotency.retention must be a duration of a minute or more, such as 24h");
        }
        if (purgeInterval.isNegative() || purgeInterval.isZero()) {
            throw new IllegalArgumentException("parley.idempotency.purge-interval must be a positive duration, such as 1h");
        }
    }
}
