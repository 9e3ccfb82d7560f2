package dev.parley.dialects.medchat;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** MedChat's wire shapes: camelCase, times in UTC. */
final class MedChatRows {

    private MedChatRows() {}

    /** An SMS chat; the three collections appear only when {@code $expand} asks for them. */
    @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
    record SmsChat(long id, Instant createdDateTime, Instant updatedDateTime, Instant lastMessageDateTime, String status,
                   String userPhoneNumber, String name, String orgPhoneNumber,
                   @JsonInclude(JsonInclude.Include.NON_NULL) List<ChatMessage> messages,
                   @JsonInclude(JsonInclude.Include.NON_NULL) List<Membership> memberships,
                   @JsonInclude(JsonInclude.Include.NON_NULL) List<TextBotExecutionRow> textBotExecutions) {}

    @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
    record ChatMessage(long id, String direction, String text, Instant createdDateTime, String status,
                       String senderPhoneNumber, String recipientPhoneNumber, boolean isAutomated, Long sentByUserId) {}

    @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
    record Membership(long userId, String name, String role) {}

    @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
    record TextBotExecutionRow(long id, String textBotName, Instant startedDateTime, Instant endedDateTime,
                               String outcome) {}

    @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
    record SendMessage(String text, String recipientPhoneNumber, String name, String senderPhoneNumber) {}

    @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
    record Sent(long id, long smsChatId, String status) {}

    /** A number as MedChat shows it: ten digits for a North American number, E.164 otherwise. */
    static String phone(String e164) {
        if (e164 == null) {
            return null;
        }
        return e164.startsWith("+1") && e164.length() == 12 ? e164.substring(2) : e164;
    }
}
