package dev.parley.conversations;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.parley.storage.SqlTypes;
import java.time.Instant;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;

/** The tables this module owns, named once; fields are qualified so that they can be joined. */
final class Schema {

    private Schema() {}

    static final Table<Record> CONVERSATION = table(name("conversation"));
    static final Field<Long> C_TENANT_ID = field(name("conversation", "tenant_id"), Long.class);
    static final Field<Long> C_ID = field(name("conversation", "conversation_id"), Long.class);
    static final Field<Long> C_LOCATION_ID = field(name("conversation", "location_id"), Long.class);
    static final Field<String> C_CHANNEL = field(name("conversation", "channel"), String.class);
    static final Field<String> C_COUNTERPART = field(name("conversation", "counterpart"), String.class);
    static final Field<Long> C_CONTACT_ID = field(name("conversation", "contact_id"), Long.class);
    static final Field<String> C_STATUS = field(name("conversation", "status"), String.class);
    static final Field<Instant> C_SNOOZED_UNTIL = field(name("conversation", "snoozed_until"), SqlTypes.INSTANT);
    static final Field<Long> C_ASSIGNEE_ID = field(name("conversation", "assignee_id"), Long.class);
    static final Field<String[]> C_TAGS = field(name("conversation", "tags"), String[].class);
    static final Field<Integer> C_UNREAD_COUNT = field(name("conversation", "unread_count"), Integer.class);
    static final Field<Integer> C_MESSAGE_COUNT = field(name("conversation", "message_count"), Integer.class);
    static final Field<Long> C_LAST_MESSAGE_ID = field(name("conversation", "last_message_id"), Long.class);
    static final Field<Instant> C_LAST_MESSAGE_AT = field(name("conversation", "last_message_at"), SqlTypes.INSTANT);
    static final Field<Instant> C_LAST_ACTIVITY_AT = field(name("conversation", "last_activity_at"), SqlTypes.INSTANT);
    static final Field<Instant> C_AWAITING_REPLY_SINCE = field(name("conversation", "awaiting_reply_since"), SqlTypes.INSTANT);
    static final Field<Instant> C_CREATED_AT = field(name("conversation", "created_at"), SqlTypes.INSTANT);
    static final Field<Instant> C_UPDATED_AT = field(name("conversation", "updated_at"), SqlTypes.INSTANT);
    static final Field<Boolean> C_OPTED_OUT = field(name("conversation", "opted_out"), Boolean.class);

    static final Table<Record> MESSAGE = table(name("message"));
    static final Field<Long> M_TENANT_ID = field(name("message", "tenant_id"), Long.class);
    static final Field<Long> M_ID = field(name("message", "message_id"), Long.class);
    static final Field<Long> M_CONVERSATION_ID = field(name("message", "conversation_id"), Long.class);
    static final Field<Long> M_LOCATION_ID = field(name("message", "location_id"), Long.class);
    static final Field<String> M_CHANNEL = field(name("message", "channel"), String.class);
    static final Field<String> M_DIRECTION = field(name("message", "direction"), String.class);
    static final Field<Boolean> M_AUTOMATED = field(name("message", "automated"), Boolean.class);
    static final Field<String> M_BODY = field(name("message", "body"), String.class);
    static final Field<String> M_SUBJECT = field(name("message", "subject"), String.class);
    static final Field<String> M_FROM = field(name("message", "from_address"), String.class);
    static final Field<String> M_TO = field(name("message", "to_address"), String.class);
    static final Field<String> M_STATUS = field(name("message", "status"), String.class);
    static final Field<String> M_PROVIDER = field(name("message", "provider"), String.class);
    static final Field<String> M_PROVIDER_MESSAGE_ID = field(name("message", "provider_message_id"), String.class);
    static final Field<String> M_PROVIDER_STATUS = field(name("message", "provider_status"), String.class);
    static final Field<String> M_ERROR_CODE = field(name("message", "error_code"), String.class);
    static final Field<String> M_ERROR_REASON = field(name("message", "error_reason"), String.class);
    static final Field<Instant> M_SEND_AT = field(name("message", "send_at"), SqlTypes.INSTANT);
    static final Field<Instant> M_OCCURRED_AT = field(name("message", "occurred_at"), SqlTypes.INSTANT);
    static final Field<Instant> M_CREATED_AT = field(name("message", "created_at"), SqlTypes.INSTANT);
    static final Field<Instant> M_UPDATED_AT = field(name("message", "updated_at"), SqlTypes.INSTANT);
    static final Field<Instant> M_READ_AT = field(name("message", "read_at"), SqlTypes.INSTANT);
    static final Field<Long> M_READ_BY = field(name("message", "read_by"), Long.class);
    static final Field<Instant> M_RESOLVED_AT = field(name("message", "resolved_at"), SqlTypes.INSTANT);
    static final Field<Long> M_RESOLVED_BY = field(name("message", "resolved_by"), Long.class);
    static final Field<Long> M_SENT_BY = field(name("message", "sent_by"), Long.class);
    static final Field<Long> M_REPLY_TO_STAFF_ID = field(name("message", "reply_to_staff_id"), Long.class);
    static final Field<Boolean> M_REPLIES_TO_AUTOMATED = field(name("message", "replies_to_automated"), Boolean.class);
    static final Field<Instant> M_ANONYMIZED_AT = field(name("message", "anonymized_at"), SqlTypes.INSTANT);
    static final Field<String[]> M_TAGS = field(name("message", "tags"), String[].class);

    static final Table<Record> STATUS_EVENT = table(name("message_status_event"));
    static final Field<Long> S_TENANT_ID = field(name("message_status_event", "tenant_id"), Long.class);
    static final Field<Long> S_MESSAGE_ID = field(name("message_status_event", "message_id"), Long.class);
    static final Field<Long> S_ID = field(name("message_status_event", "status_event_id"), Long.class);
    static final Field<String> S_STATUS = field(name("message_status_event", "status"), String.class);
    static final Field<String> S_PROVIDER_STATUS = field(name("message_status_event", "provider_status"), String.class);
    static final Field<String> S_ERROR_CODE = field(name("message_status_event", "error_code"), String.class);
    static final Field<String> S_DETAIL = field(name("message_status_event", "detail"), String.class);
    static final Field<Instant> S_OCCURRED_AT = field(name("message_status_event", "occurred_at"), SqlTypes.INSTANT);

    static final Table<Record> ATTACHMENT = table(name("message_attachment"));
    static final Field<Long> A_TENANT_ID = field(name("message_attachment", "tenant_id"), Long.class);
    static final Field<Long> A_MESSAGE_ID = field(name("message_attachment", "message_id"), Long.class);
    static final Field<Integer> A_POSITION = field(name("message_attachment", "position"), Integer.class);
    static final Field<String> A_KIND = field(name("message_attachment", "kind"), String.class);
    static final Field<String> A_URL = field(name("message_attachment", "url"), String.class);
    static final Field<String> A_CONTENT_TYPE = field(name("message_attachment", "content_type"), String.class);
    static final Field<String> A_FILE_NAME = field(name("message_attachment", "file_name"), String.class);
    static final Field<Long> A_SIZE_BYTES = field(name("message_attachment", "size_bytes"), Long.class);
    static final Field<String> A_REFERENCE = field(name("message_attachment", "reference"), String.class);
    static final Field<Instant> A_UPDATED_AT = field(name("message_attachment", "updated_at"), SqlTypes.INSTANT);

    static final Table<Record> SEEN = table(name("message_seen"));
    static final Field<Long> SEEN_TENANT_ID = field(name("message_seen", "tenant_id"), Long.class);
    static final Field<Long> SEEN_MESSAGE_ID = field(name("message_seen", "message_id"), Long.class);
    static final Field<Long> SEEN_STAFF_USER_ID = field(name("message_seen", "staff_user_id"), Long.class);
    static final Field<Instant> SEEN_AT = field(name("message_seen", "seen_at"), SqlTypes.INSTANT);

    /** Unread totals split over stripes, kept by triggers on conversation (V61, ADR 0013); Java only reads them. */
    static final Table<Record> UNREAD_STRIPE = table(name("unread_stripe"));
    static final Field<Long> U_TENANT_ID = field(name("unread_stripe", "tenant_id"), Long.class);
    static final Field<Long> U_LOCATION_ID = field(name("unread_stripe", "location_id"), Long.class);
    static final Field<String> U_CHANNEL = field(name("unread_stripe", "channel"), String.class);
    static final Field<Boolean> U_KNOWN_CONTACT = field(name("unread_stripe", "known_contact"), Boolean.class);
    static final Field<Long> U_MESSAGES = field(name("unread_stripe", "unread_messages"), Long.class);
    static final Field<Long> U_CONVERSATIONS = field(name("unread_stripe", "unread_conversations"), Long.class);

    /** Messages per UTC day, channel and direction, split over stripes, kept by triggers on message (V64, ADR 0028). */
    static final Table<Record> DAY_COUNT = table(name("message_day_count"));
    static final Field<Long> D_TENANT_ID = field(name("message_day_count", "tenant_id"), Long.class);
    static final Field<java.time.LocalDate> D_DAY = field(name("message_day_count", "day"), java.time.LocalDate.class);
    static final Field<String> D_CHANNEL = field(name("message_day_count", "channel"), String.class);
    static final Field<String> D_DIRECTION = field(name("message_day_count", "direction"), String.class);
    static final Field<Long> D_MESSAGES = field(name("message_day_count", "messages"), Long.class);

    /** An unqualified name, for the column list of an INSERT. */
    static <T> Field<T> column(Field<T> qualified) {
        return field(name(qualified.getName()), qualified.getDataType());
    }
}
