package dev.parley.conversations;

import java.util.Arrays;
import java.util.Optional;

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

    public static Optional<Channel> fromWire(String name) {
        return Arrays.stream(values()).filter(c -> c.wireName.equals(name)).findFirst();
    }

    static Channel of(String wireName) {
        return fromWire(wireName).orElseThrow(() -> new IllegalStateException("Unknown channel " + wireName));
    }
}
