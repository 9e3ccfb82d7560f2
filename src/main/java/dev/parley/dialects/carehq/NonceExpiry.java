package dev.parley.dialects.carehq;

import dev.parley.storage.Housekeeping;
import dev.parley.tenancy.ApiCredentials;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * Deletes, on every node once a minute, the nonces signed longer ago than the clock tolerance: a request that old
 * is refused for its timestamp, so its nonce protects nothing any more, and the table holds minutes of nonces
 * rather than every one ever sent.
 */
@Component
class NonceExpiry extends Housekeeping {

    private final ApiCredentials credentials;

    NonceExpiry(ApiCredentials credentials) {
        super("carehq-nonce-expiry", Duration.ofMinutes(1));
        this.credentials = credentials;
    }

    /** Forgets the nonces a request could no longer be signed with; answers how many. */
    int purge() {
        return credentials.forgetNoncesSignedBefore(Instant.now().minus(SignedRequests.CLOCK_TOLERANCE));
    }

    @Override
    protected void run() {
        purge();
    }
}
