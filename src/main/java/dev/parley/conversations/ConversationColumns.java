package dev.parley.conversations;

import java.time.Instant;
import org.jooq.Field;

/**
 * The conversation columns that query surfaces may filter and sort by (through an allow-list such as
 * {@code dev.parley.query.QueryResource}); they are used only with {@link Conversations#find}.
 */
public final class ConversationColumns {

    private ConversationColumns() {}

    public static Field<Long> tenantId() {
        return Schema.C_TENANT_ID;
    }

    public static Field<Long> id() {
        return Schema.C_ID;
    }

    public static Field<Long> locationId() {
        return Schema.C_LOCATION_ID;
    }

    public static Field<Long> contactId() {
        return Schema.C_CONTACT_ID;
    }

    public static Field<String> counterpart() {
        return Schema.C_COUNTERPART;
    }

    public static Field<String> status() {
        return Schema.C_STATUS;
    }

    public static Field<Instant> createdAt() {
        return Schema.C_CREATED_AT;
    }

    public static Field<Instant> updatedAt() {
        return Schema.C_UPDATED_AT;
    }

    public static Field<Instant> lastMessageAt() {
        return Schema.C_LAST_MESSAGE_AT;
    }

    /** Whether an opt-out of care messages is on record for the counterpart (see {@link Conversation#optedOut()}). */
    public static Field<Boolean> optedOut() {
        return Schema.C_OPTED_OUT;
    }
}
