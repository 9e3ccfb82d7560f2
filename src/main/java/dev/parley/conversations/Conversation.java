package dev.parley.conversations;

import java.time.Instant;
import java.util.List;

/**
 * A thread between one location and one counterpart on one channel, with the counters lists show.
 * {@code awaitingReplySince} is when the oldest inbound message not yet answered arrived: it is set by an
 * inbound message and cleared by a reply from staff, and is independent of read state. {@code optedOut} is
 * whether an opt-out of care messages is on record for the counterpart on the channel, kept with consent.
 */
public record Conversation(
        long id,
        long locationId,
        Channel channel,
        String counterpart,
        Long contactId,
        ConversationStatus status,
        Instant snoozedUntil,
        Long assigneeId,
        List<String> tags,
        int unreadCount,
        int messageCount,
        Long lastMessageId,
        Instant lastMessageAt,
        Instant lastActivityAt,
        Instant awaitingReplySince,
        Instant createdAt,
        Instant updatedAt,
        boolean optedOut) {}
