package dev.parley.dialects.purephone;

/**
 * A connection or request refused before any envelope is read: no valid token (401), no location named by a
 * token bound to none (400), another location than the token's (403), or a location the tenant has not (404).
 */
final class Refusal extends RuntimeException {

    private final int status;

    Refusal(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
