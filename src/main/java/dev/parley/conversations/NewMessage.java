package dev.parley.conversations;

import java.time.Instant;
import java.util.List;

/**
 * A message to record in the conversation between a location and a counterpart on a channel. The
 * conversation is found or started; {@code contactId} may name the contact, otherwise the counterpart's
 * address finds one (or none: unknown numbers are first-class).
 */
public record NewMessage(
        long locationId,
        Channel channel,
        Direction direction,
        String counterpart,
        String locationAddress,
        Long contactId,
        boolean automated,
        String body,
        String subject,
        MessageStatus status,
        Instant occurredAt,
        Instant sendAt,
        Long sentBy,
        String provider,
        String providerMessageId,
        List<Attachment> attachments) {

    public NewMessage {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** The sender's address: the counterpart for inbound messages, the location's for outbound ones. */
    String fromAddress() {
        return direction == Direction.INBOUND ? counterpart : locationAddress;
    }

    String toAddress() {
        return direction == Direction.INBOUND ? locationAddress : counterpart;
    }
}
