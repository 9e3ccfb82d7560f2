package dev.parley.dialects.purephone;

import dev.parley.conversations.Direction;
import dev.parley.conversations.Message;

/**
 * The phone's message types, as its own firmware sets them: a new message is queued until it is sent
 * (outbox) or fails, a received one is in the inbox. The phone's "input" (18) and "unknown" (255) are
 * never produced.
 */
enum MessageType {
    DRAFT(1),
    FAILED(2),
    INBOX(4),
    OUTBOX(8),
    QUEUED(16);

    private final int code;

    MessageType(int code) {
        this.code = code;
    }

    int code() {
        return code;
    }

    static MessageType of(Message message) {
        if (message.direction() == Direction.INBOUND) {
            return INBOX;
        }
        return switch (message.status()) {
            case DRAFT -> DRAFT;
            case SENT, DELIVERED -> OUTBOX;
            case UNDELIVERED, FAILED, CANCELED -> FAILED;
            case SCHEDULED, QUEUED, SENDING -> QUEUED;
            case RECEIVED -> INBOX;
        };
    }
}
