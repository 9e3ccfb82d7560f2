package dev.parley.conversations;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Where a message is in its life. An outbound message moves draft or scheduled, queued, sending, sent,
 * then ends delivered, undelivered, failed or canceled; an inbound one is received. The rank orders the
 * outbound statuses so that a late report never moves a message back.
 */
public enum MessageStatus {
    DRAFT("draft", 0),
    SCHEDULED("scheduled", 1),
    QUEUED("queued", 2),
    SENDING("sending", 3),
    SENT("sent", 4),
    DELIVERED("delivered", 5),
    UNDELIVERED("undelivered", 5),
    FAILED("failed", 5),
    CANCELED("canceled", 5),
    RECEIVED("received", 5);

    private final String wireName;
    private final int rank;

    MessageStatus(String wireName, int rank) {
        this.wireName = wireName;
        this.rank = rank;
    }

    public String wireName() {
        return wireName;
    }

    /** Whether nothing further will happen to a message in this status. */
    public boolean isFinal() {
        return rank == 5;
    }

    /** Whether a message in this status may move to {@code next}: only forward, never out of a final status. */
    public boolean mayMoveTo(MessageStatus next) {
        return !isFinal() && next.rank > rank;
    }

    /** Every value by its wire name: rows are read by it, and a lookup per row and column must cost little. */
    private static final Map<String, MessageStatus> BY_WIRE_NAME = Arrays.stream(values())
            .collect(Collectors.toMap(MessageStatus::wireName, Function.identity()));

    public static Optional<MessageStatus> fromWire(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(BY_WIRE_NAME.get(name));
    }

    static MessageStatus of(String wireName) {
        return fromWire(wireName).orElseThrow(() -> new IllegalStateException("Unknown status " + wireName));
    }
}
