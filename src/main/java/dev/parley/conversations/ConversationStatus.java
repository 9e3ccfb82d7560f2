package dev.parley.conversations;

import java.util.Arrays;
import java.util.Optional;

/** Where a conversation stands for the front desk. */
public enum ConversationStatus {
    OPEN("open"),
    PENDING("pending"),
    SNOOZED("snoozed"),
    RESOLVED("resolved");

    private final String wireName;

    ConversationStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<ConversationStatus> fromWire(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
    }

    public static String allWireNames() {
        return String.join(", ", Arrays.stream(values()).map(ConversationStatus::wireName).toList());
    }

    static ConversationStatus of(String wireName) {
        return fromWire(wireName).orElseThrow(() -> new IllegalStateException("Unknown status " + wireName));
    }
}
