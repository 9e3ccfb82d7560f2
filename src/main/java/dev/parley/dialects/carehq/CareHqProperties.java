package dev.parley.dialects.carehq;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How much one CareHQ credential may ask. The official clients describe the limit as requests per second,
 * so the window is a second unless set otherwise.
 *
 * @param rateLimit requests one credential may make in a window (default 10); more answer 429
 * @param rateWindow the length of a window (default 1s); it starts with the first request after the last ended
 */
@ConfigurationProperties("parley.carehq")
record CareHqProperties(Integer rateLimit, Duration rateWindow) {

    CareHqProperties {
        rateLimit = rateLimit == null ? 10 : rateLimit;
        rateWindow = rateWindow == null ? Duration.ofSeconds(1) : rateWindow;
        if (rateLimit < 1) {
            throw new IllegalArgumentException("parley.carehq.rate-limit must be 1 or more (requests per window), not "
                    + rateLimit + "; leave it unset for 10");
        }
        if (rateWindow.compareTo(Duration.ofMillis(100)) < 0 || rateWindow.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("parley.carehq.rate-window must be between 100ms and 1h, such as 1s, not "
                    + rateWindow + "; leave it unset for 1s");
        }
    }
}
