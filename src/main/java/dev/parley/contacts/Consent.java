package dev.parley.contacts;

import java.time.Instant;

/**
 * Whether an address may be sent to on a channel, for a category of message (care or marketing), and
 * who or what last changed it: {@code source} says how (an inbound {@code STOP}, the API, a provider's
 * report), {@code detail} what exactly (the keyword, the error code).
 */
public record Consent(String channel, String address, String category, String status, Instant changedAt, String source,
                      String detail) {

    public static final String OPTED_IN = "opted_in";
    public static final String OPTED_OUT = "opted_out";
    public static final String CARE = "care";
    public static final String MARKETING = "marketing";

    public boolean optedOut() {
        return OPTED_OUT.equals(status);
    }
}
