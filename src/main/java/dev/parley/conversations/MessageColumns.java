package dev.parley.conversations;

import java.time.Instant;
import org.jooq.Field;

/**
 * The message columns that query surfaces may filter and sort by (through an allow-list such as
 * {@code dev.parley.query.QueryResource}); they are used only with {@link Conversations#findMessages} and
 * {@link Conversations#countMessages}, whose queries also join each message's conversation, so the
 * conversation's contact and counterpart are columns here too. A count whose condition uses neither reads the
 * message alone (ADR 0017).
 */
public final class MessageColumns {

    private MessageColumns() {}

    public static Field<Long> tenantId() {
        return Schema.M_TENANT_ID;
    }

    public static Field<Long> id() {
        return Schema.M_ID;
    }

    public static Field<Long> locationId() {
        return Schema.M_LOCATION_ID;
    }

    /** The contact the message is with: its conversation's contact, null for an unknown number or address. */
    public static Field<Long> contactId() {
        return Schema.C_CONTACT_ID;
    }

    /** The number or address the message was exchanged with: its sender when inbound, its recipient when outbound. */
    public static Field<String> counterpart() {
        return Schema.C_COUNTERPART;
    }

    /** {@code sms} or {@code email}. */
    public static Field<String> channel() {
        return Schema.M_CHANNEL;
    }

    /** {@code inbound} or {@code outbound}. */
    public static Field<String> direction() {
        return Schema.M_DIRECTION;
    }

    /** A {@link MessageStatus#wireName()}. */
    public static Field<String> status() {
        return Schema.M_STATUS;
    }

    public static Field<String> fromAddress() {
        return Schema.M_FROM;
    }

    public static Field<String> toAddress() {
        return Schema.M_TO;
    }

    /** When the message was sent or received. */
    public static Field<Instant> occurredAt() {
        return Schema.M_OCCURRED_AT;
    }

    public static Field<Instant> createdAt() {
        return Schema.M_CREATED_AT;
    }

    public static Field<Instant> updatedAt() {
        return Schema.M_UPDATED_AT;
    }

    public static Field<Instant> readAt() {
        return Schema.M_READ_AT;
    }

    public static Field<Long> sentBy() {
        return Schema.M_SENT_BY;
    }

    /** The staff user an inbound message answers. */
    public static Field<Long> replyToStaffId() {
        return Schema.M_REPLY_TO_STAFF_ID;
    }

    public static Field<Instant> anonymizedAt() {
        return Schema.M_ANONYMIZED_AT;
    }
}
