package dev.parley.api;

import dev.parley.api.ConversationController.ContactRef;
import dev.parley.api.ConversationController.ConversationItem;
import dev.parley.api.MessageView.AttachmentView;
import dev.parley.api.MessageView.SeenView;
import dev.parley.api.MessageView.StatusView;
import dev.parley.web.IsoInstantJson;
import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * Writes the records every inbox page is made of ({@link MessageView}, {@link ConversationItem}) property by
 * property, straight to the generator, with their names encoded once: the text Jackson's bean serializer writes for
 * them under Parley's settings (snake_case names, nulls written, instants as {@link IsoInstantJson} writes them), at
 * less of its cost per property (docs/adr/0045-inbox-pages-written-by-hand.md). {@code NativeJsonTest} requires the
 * same text as the bean serializer for any value, so a property added to a record and not here fails it.
 */
final class NativeJson {

    private NativeJson() {}

    /** {@link MessageView}, as its bean serializer writes it. */
    static final class MessageWriter extends StdSerializer<MessageView> {

        private static final SerializableString ID = name("id");
        private static final SerializableString CONVERSATION_ID = name("conversation_id");
        private static final SerializableString LOCATION_ID = name("location_id");
        private static final SerializableString CONTACT_ID = name("contact_id");
        private static final SerializableString CHANNEL = name("channel");
        private static final SerializableString DIRECTION = name("direction");
        private static final SerializableString AUTOMATED = name("automated");
        private static final SerializableString BODY = name("body");
        private static final SerializableString SUBJECT = name("subject");
        private static final SerializableString FROM = name("from");
        private static final SerializableString TO = name("to");
        private static final SerializableString STATUS = name("status");
        private static final SerializableString PROVIDER = name("provider");
        private static final SerializableString PROVIDER_MESSAGE_ID = name("provider_message_id");
        private static final SerializableString ERROR_CODE = name("error_code");
        private static final SerializableString ERROR_REASON = name("error_reason");
        private static final SerializableString SEND_AT = name("send_at");
        private static final SerializableString OCCURRED_AT = name("occurred_at");
        private static final SerializableString CREATED_AT = name("created_at");
        private static final SerializableString UPDATED_AT = name("updated_at");
        private static final SerializableString READ = name("read");
        private static final SerializableString READ_AT = name("read_at");
        private static final SerializableString READ_BY = name("read_by");
        private static final SerializableString SENT_BY = name("sent_by");
        private static final SerializableString TAGS = name("tags");
        private static final SerializableString ATTACHMENTS = name("attachments");
        private static final SerializableString SEEN_BY = name("seen_by");
        private static final SerializableString STATUS_HISTORY = name("status_history");

        private static final SerializableString KIND = name("kind");
        private static final SerializableString URL = name("url");
        private static final SerializableString CONTENT_TYPE = name("content_type");
        private static final SerializableString FILE_NAME = name("file_name");
        private static final SerializableString SIZE_BYTES = name("size_bytes");
        private static final SerializableString REFERENCE = name("reference");
        private static final SerializableString STAFF_USER_ID = name("staff_user_id");
        private static final SerializableString SEEN_AT = name("seen_at");
        private static final SerializableString PROVIDER_STATUS = name("provider_status");
        private static final SerializableString DETAIL = name("detail");

        MessageWriter() {
            super(MessageView.class);
        }

        @Override
        public void serialize(MessageView m, JsonGenerator json, SerializationContext context) {
            json.writeStartObject(m);
            number(json, ID, m.id());
            number(json, CONVERSATION_ID, m.conversationId());
            number(json, LOCATION_ID, m.locationId());
            number(json, CONTACT_ID, m.contactId());
            string(json, CHANNEL, m.channel());
            string(json, DIRECTION, m.direction());
            bool(json, AUTOMATED, m.automated());
            string(json, BODY, m.body());
            string(json, SUBJECT, m.subject());
            string(json, FROM, m.from());
            string(json, TO, m.to());
            string(json, STATUS, m.status());
            string(json, PROVIDER, m.provider());
            string(json, PROVIDER_MESSAGE_ID, m.providerMessageId());
            string(json, ERROR_CODE, m.errorCode());
            string(json, ERROR_REASON, m.errorReason());
            instant(json, SEND_AT, m.sendAt());
            instant(json, OCCURRED_AT, m.occurredAt());
            instant(json, CREATED_AT, m.createdAt());
            instant(json, UPDATED_AT, m.updatedAt());
            bool(json, READ, m.read());
            instant(json, READ_AT, m.readAt());
            number(json, READ_BY, m.readBy());
            number(json, SENT_BY, m.sentBy());
            list(json, TAGS, m.tags(), NativeJson::text);
            list(json, ATTACHMENTS, m.attachments(), MessageWriter::attachment);
            list(json, SEEN_BY, m.seenBy(), MessageWriter::seen);
            list(json, STATUS_HISTORY, m.statusHistory(), MessageWriter::status);
            json.writeEndObject();
        }

        private static void attachment(JsonGenerator json, AttachmentView a) {
            json.writeStartObject(a);
            string(json, KIND, a.kind());
            string(json, URL, a.url());
            string(json, CONTENT_TYPE, a.contentType());
            string(json, FILE_NAME, a.fileName());
            number(json, SIZE_BYTES, a.sizeBytes());
            string(json, REFERENCE, a.reference());
            json.writeEndObject();
        }

        private static void seen(JsonGenerator json, SeenView s) {
            json.writeStartObject(s);
            number(json, STAFF_USER_ID, s.staffUserId());
            instant(json, SEEN_AT, s.seenAt());
            json.writeEndObject();
        }

        private static void status(JsonGenerator json, StatusView s) {
            json.writeStartObject(s);
            string(json, STATUS, s.status());
            string(json, PROVIDER_STATUS, s.providerStatus());
            string(json, ERROR_CODE, s.errorCode());
            string(json, DETAIL, s.detail());
            instant(json, OCCURRED_AT, s.occurredAt());
            json.writeEndObject();
        }
    }

    /** {@link ConversationItem}, as its bean serializer writes it; its last message as {@link MessageWriter} does. */
    static final class ConversationWriter extends StdSerializer<ConversationItem> {

        private static final SerializableString ID = name("id");
        private static final SerializableString LOCATION_ID = name("location_id");
        private static final SerializableString CHANNEL = name("channel");
        private static final SerializableString COUNTERPART = name("counterpart");
        private static final SerializableString CONTACT = name("contact");
        private static final SerializableString STATUS = name("status");
        private static final SerializableString SNOOZED_UNTIL = name("snoozed_until");
        private static final SerializableString ASSIGNEE_ID = name("assignee_id");
        private static final SerializableString TAGS = name("tags");
        private static final SerializableString UNREAD_COUNT = name("unread_count");
        private static final SerializableString MESSAGE_COUNT = name("message_count");
        private static final SerializableString AWAITING_REPLY_SINCE = name("awaiting_reply_since");
        private static final SerializableString LAST_ACTIVITY_AT = name("last_activity_at");
        private static final SerializableString LAST_MESSAGE = name("last_message");
        private static final SerializableString CREATED_AT = name("created_at");
        private static final SerializableString UPDATED_AT = name("updated_at");

        private static final SerializableString KIND = name("kind");
        private static final SerializableString FIRST_NAME = name("first_name");
        private static final SerializableString LAST_NAME = name("last_name");

        private final MessageWriter messages = new MessageWriter();

        ConversationWriter() {
            super(ConversationItem.class);
        }

        @Override
        public void serialize(ConversationItem c, JsonGenerator json, SerializationContext context) {
            json.writeStartObject(c);
            number(json, ID, c.id());
            number(json, LOCATION_ID, c.locationId());
            string(json, CHANNEL, c.channel());
            string(json, COUNTERPART, c.counterpart());
            json.writeName(CONTACT);
            if (c.contact() == null) {
                json.writeNull();
            } else {
                contact(json, c.contact());
            }
            string(json, STATUS, c.status());
            instant(json, SNOOZED_UNTIL, c.snoozedUntil());
            number(json, ASSIGNEE_ID, c.assigneeId());
            list(json, TAGS, c.tags(), NativeJson::text);
            json.writeName(UNREAD_COUNT);
            json.writeNumber(c.unreadCount());
            json.writeName(MESSAGE_COUNT);
            json.writeNumber(c.messageCount());
            instant(json, AWAITING_REPLY_SINCE, c.awaitingReplySince());
            instant(json, LAST_ACTIVITY_AT, c.lastActivityAt());
            json.writeName(LAST_MESSAGE);
            if (c.lastMessage() == null) {
                json.writeNull();
            } else {
                messages.serialize(c.lastMessage(), json, context);
            }
            instant(json, CREATED_AT, c.createdAt());
            instant(json, UPDATED_AT, c.updatedAt());
            json.writeEndObject();
        }

        private static void contact(JsonGenerator json, ContactRef c) {
            json.writeStartObject(c);
            number(json, ID, c.id());
            string(json, KIND, c.kind());
            string(json, FIRST_NAME, c.firstName());
            string(json, LAST_NAME, c.lastName());
            json.writeEndObject();
        }
    }

    private static SerializableString name(String name) {
        return new SerializedString(name);
    }

    private static void number(JsonGenerator json, SerializableString name, long value) {
        json.writeName(name);
        json.writeNumber(value);
    }

    private static void number(JsonGenerator json, SerializableString name, Long value) {
        json.writeName(name);
        if (value == null) {
            json.writeNull();
        } else {
            json.writeNumber(value.longValue());
        }
    }

    private static void bool(JsonGenerator json, SerializableString name, boolean value) {
        json.writeName(name);
        json.writeBoolean(value);
    }

    private static void string(JsonGenerator json, SerializableString name, String value) {
        json.writeName(name);
        text(json, value);
    }

    private static void text(JsonGenerator json, String value) {
        if (value == null) {
            json.writeNull();
        } else {
            json.writeString(value);
        }
    }

    private static void instant(JsonGenerator json, SerializableString name, Instant value) {
        json.writeName(name);
        if (value == null) {
            json.writeNull();
        } else {
            IsoInstantJson.write(value, json);
        }
    }

    private static <T> void list(JsonGenerator json, SerializableString name, List<T> values,
                                 BiConsumer<JsonGenerator, T> element) {
        json.writeName(name);
        if (values == null) {
            json.writeNull();
            return;
        }
        json.writeStartArray(values, values.size());
        for (T value : values) {
            if (value == null) {
                json.writeNull();
            } else {
                element.accept(json, value);
            }
        }
        json.writeEndArray();
    }
}
