package dev.parley.conversations;

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

    static Direction of(String wireName) {
        return INBOUND.wireName.equals(wireName) ? INBOUND : OUTBOUND;
    }
}
