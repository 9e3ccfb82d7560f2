package dev.parley.delivery;

import java.time.Duration;

/** What came of handing a message to a provider. */
public sealed interface SendOutcome {

    /** The provider took the message; {@code providerStatus} is its own word for where it is. */
    record Accepted(String provider, String providerMessageId, String providerStatus) implements SendOutcome {}

    /** It may work later (a timeout, 429, 5xx); {@code retryAfter} is what the provider asked for, if anything. */
    record Transient(String errorCode, String reason, Duration retryAfter) implements SendOutcome {}

    /**
     * It will not work (an invalid number, an unsubscribed recipient); {@code recipientOptedOut} is true when the
     * provider says the recipient has unsubscribed, so that Parley records the opt-out too.
     */
    record Permanent(String errorCode, String reason, boolean recipientOptedOut) implements SendOutcome {}
}
