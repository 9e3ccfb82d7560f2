package dev.parley.conversations;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The medium a conversation runs over. */
public enum Channel {
    SMS("sms"),
    EMAIL("email");

    private final String wireName;

    Channel(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Every value by its wire name: rows are read by it, and a lookup per row and column must cost little. */
    private static final Map<String, Channel> BY_WIRE_NAME = Arrays.stream(values())
            .collect(Collectors.toMap(Channel::wireName, Function.identity()));

    public static Optional<Channel> fromWire(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(BY_WIRE_NAME.get(name));
    }

    static Channel of(String wireName) {
        return fromWire(wireName).orElseThrow(() -> new IllegalStateException("Unknown channel " + wireName));
    }
}
