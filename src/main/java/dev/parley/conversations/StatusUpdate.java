package dev.parley.conversations;

/**
 * A report about an outbound message: its new status, what the provider called it, and why it failed
 * when it did. {@code detail} is a sentence for the status history.
 */
public record StatusUpdate(MessageStatus status, String providerStatus, String errorCode, String errorReason,
                           String detail) {

    public static StatusUpdate to(MessageStatus status, String detail) {
        return new StatusUpdate(status, null, null, null, detail);
    }
}
