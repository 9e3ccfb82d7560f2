package dev.parley.dialects.practice;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The practice API's wire shapes, field for field and in the order its document shows them. */
final class PracticeRows {

    private PracticeRows() {}

    /**
     * Every answer, success or failure: {@code code} says which, {@code error} is always an array (empty on
     * success), {@code count} is the total across pages (null on failure, where there is no list).
     */
    record Envelope(boolean code, String description, List<String> error, Object data, Long count) {

        static Envelope ok(List<ConversationRow> rows, long total) {
            return new Envelope(true, "OK", List.of(), rows, total);
        }

        static Envelope failure(String description, List<String> errors) {
            return new Envelope(false, description, errors, null, null);
        }
    }

    /** A conversation; {@code messages} is there only when {@code include_messages=true} was asked for. */
    record ConversationRow(long id, String createdAt, String updatedAt, PatientRow patient,
                           @JsonInclude(JsonInclude.Include.NON_NULL) List<MessageRow> messages) {}

    /**
     * The conversation's contact. {@code last_sync_time} and {@code guarantor_id} are always null: Parley
     * synchronises with no practice-management system and keeps no guarantors.
     */
    record PatientRow(long id, String email, String firstName, String middleName, String lastName, String name,
                      String createdAt, String updatedAt, long institutionId, String foreignId, String foreignIdType,
                      Bio bio, boolean inactive, String lastSyncTime, Long guarantorId, boolean unsubscribeSms) {}

    /** What the document leaves open as "bio": the details Parley keeps beyond names, the contact's first phone. */
    record Bio(String phoneNumber) {}

    record MessageRow(long id, String body, String createdAt, String updatedAt, long conversationId, List<String> seenBy,
                      Long userId, String attachmentFileName, String attachmentContentType, Long attachmentFileSize,
                      String attachmentUpdatedAt, Long smsMsgId, SenderInfo senderInfo, String attachmentUrl,
                      boolean isCustomReminderResponse, String createdAtWithTz, String timezoneOffset) {}

    /** Who wrote a message: {@code meta_type} {@code User} (staff), {@code Patient}, or {@code System} (automated). */
    record SenderInfo(String name, String image, String metaType, Long userId) {

        static final String USER = "User";
        static final String PATIENT = "Patient";
        static final String SYSTEM = "System";
    }
}
