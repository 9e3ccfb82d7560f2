package dev.parley.conversations;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

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

    /** Every value by its wire name: rows are read by it, and a lookup per row and column must cost little. */
    private static final Map<String, Direction> BY_WIRE_NAME = Arrays.stream(values())
            .collect(Collectors.toMap(Direction::wireName, Function.identity()));

    public static Optional<Direction> fromWire(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(BY_WIRE_NAME.get(name));
    }

    static Direction of(String wireName) {
        return INBOUND.wireName.equals(wireName) ? INBOUND : OUTBOUND;
    }
}
