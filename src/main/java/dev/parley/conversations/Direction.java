package dev.parley.conversations;

import java.util.Arrays;
import java.util.Optional;

/** Whether a message came from the counterpart (inbound) or went to them (outbound). */
public enum Direction {
    INBOUND("inbound"),
    OUTBOUND("outbound");

    private final String wireName;

    Direction(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<Direction> fromWire(String name) {
        return Arrays.stream(values()).filter(d -> d.wireName.equals(name)).findFirst();
    }

    static Direction of(String wireName) {
        return INBOUND.wireName.equals(wireName) ? INBOUND : OUTBOUND;
    }
}
