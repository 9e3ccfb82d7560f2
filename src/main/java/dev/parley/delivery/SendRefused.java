package dev.parley.delivery;

import java.util.Map;

/**
 * A send that is well formed but cannot be carried out, with a machine-readable reason (such as
 * {@code no_sender_address} or {@code opted_out}) and the facts behind it.
 */
public class SendRefused extends RuntimeException {

    private final String reason;
    private final Map<String, Object> details;

    public SendRefused(String reason, String message, Map<String, Object> details) {
        super(message);
        this.reason = reason;
        this.details = Map.copyOf(details);
    }

    public String reason() {
        return reason;
    }

    public Map<String, Object> details() {
        return details;
    }
}
