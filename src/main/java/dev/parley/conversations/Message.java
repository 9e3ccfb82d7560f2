package dev.parley.conversations;

import java.time.Instant;
import java.util.List;

/** A message as stored, with everything any surface shows of it. */
public record Message(
        long id,
        long conversationId,
        long locationId,
        Long contactId,
        Channel channel,
        Direction direction,
        boolean automated,
        String body,
        String subject,
        String fromAddress,
        String toAddress,
        MessageStatus status,
        String provider,
        String providerMessageId,
        String providerStatus,
        String errorCode,
        String errorReason,
        Instant sendAt,
        Instant occurredAt,
        Instant createdAt,
        Instant updatedAt,
        Instant readAt,
        Long readBy,
        Instant resolvedAt,
        Long resolvedBy,
        Long sentBy,
        Long replyToStaffId,
        boolean repliesToAutomated,
        Instant anonymizedAt,
        List<String> tags,
        List<Attachment> attachments,
        List<SeenReceipt> seenBy) {

    /** A staff user saw the message at a time. */
    public record SeenReceipt(long staffUserId, Instant seenAt) {}

    /** Outbound messages count as read; an inbound one is read once someone has read it. */
    public boolean isRead() {
        return direction == Direction.OUTBOUND || readAt != null;
    }
}
