package dev.parley.conversations;

import java.time.Instant;

/**
 * One counterpart on a channel across a tenant's locations: a known contact (all their threads taken
 * together) or an unknown address, with the newest message in either direction and whether anything
 * inbound is unread in any of the threads.
 */
public record CounterpartSummary(Long contactId, String counterpart, LastMessage lastMessage, boolean unread) {

    /** What a summary shows of the newest message: it is read alone, without the rest of the message. */
    public record LastMessage(long id, String body, MessageStatus status, Instant occurredAt) {

        /** The summary of a message read whole. */
        public static LastMessage of(Message message) {
            return new LastMessage(message.id(), message.body(), message.status(), message.occurredAt());
        }
    }
}
