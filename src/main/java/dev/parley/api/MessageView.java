package dev.parley.api;

import dev.parley.conversations.Attachment;
import dev.parley.conversations.Message;
import dev.parley.conversations.StatusChange;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * A message on the wire of the native API. {@code status_history} is given only when one message is asked for.
 * Written by {@link NativeJson.MessageWriter}: a property added here must be added there.
 */
@JsonSerialize(using = NativeJson.MessageWriter.class)
record MessageView(long id, long conversationId, long locationId, Long contactId, String channel, String direction,
                   boolean automated, String body, String subject, String from, String to, String status,
                   String provider, String providerMessageId, String errorCode, String errorReason, Instant sendAt,
                   Instant occurredAt, Instant createdAt, Instant updatedAt, boolean read, Instant readAt, Long readBy,
                   Long sentBy, List<String> tags, List<AttachmentView> attachments, List<SeenView> seenBy,
                   List<StatusView> statusHistory) {

    record AttachmentView(String kind, String url, String contentType, String fileName, Long sizeBytes,
                          String reference) {
        static AttachmentView of(Attachment a) {
            return new AttachmentView(a.kind(), a.url(), a.contentType(), a.fileName(), a.sizeBytes(), a.reference());
        }
    }

    record SeenView(long staffUserId, Instant seenAt) {}

    record StatusView(String status, String providerStatus, String errorCode, String detail, Instant occurredAt) {
        static StatusView of(StatusChange s) {
            return new StatusView(s.status().wireName(), s.providerStatus(), s.errorCode(), s.detail(), s.occurredAt());
        }
    }

    static MessageView of(Message m) {
        return of(m, null);
    }

    static MessageView of(Message m, List<StatusChange> history) {
        return new MessageView(m.id(), m.conversationId(), m.locationId(), m.contactId(), m.channel().wireName(),
                m.direction().wireName(), m.automated(), m.body(), m.subject(), m.fromAddress(), m.toAddress(),
                m.status().wireName(), m.provider(), m.providerMessageId(), m.errorCode(), m.errorReason(), m.sendAt(),
                m.occurredAt(), m.createdAt(), m.updatedAt(), m.isRead(), m.readAt(), m.readBy(), m.sentBy(), m.tags(),
                each(m.attachments(), AttachmentView::of),
                each(m.seenBy(), s -> new SeenView(s.staffUserId(), s.seenAt())),
                history == null ? null : each(history, StatusView::of));
    }

    /** Most messages have no attachments and no receipts: an empty list is answered without a stream. */
    private static <T, V> List<V> each(List<T> values, Function<T, V> view) {
        return values.isEmpty() ? List.of() : values.stream().map(view).toList();
    }
}
