package dev.parley.conversations;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

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

    /** Every value by its wire name: rows are read by it, and a lookup per row and column must cost little. */
    private static final Map<String, ConversationStatus> BY_WIRE_NAME = Arrays.stream(values())
            .collect(Collectors.toMap(ConversationStatus::wireName, Function.identity()));

    public static Optional<ConversationStatus> fromWire(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(BY_WIRE_NAME.get(name));
    }

    public static String allWireNames() {
        return String.join(", ", Arrays.stream(values()).map(ConversationStatus::wireName).toList());
    }

    static ConversationStatus of(String wireName) {
        return fromWire(wireName).orElseThrow(() -> new IllegalStateException("Unknown status " + wireName));
    }
}
