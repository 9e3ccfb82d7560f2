package dev.parley.dialects.vetportal;

import dev.parley.conversations.MessageStatus;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** The vet portal's wire shapes, field for field as its document shows them. */
final class VetPortalRows {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private VetPortalRows() {}

    record Pet(String name, boolean deceased) {}

    /** A client with at least one SMS. */
    record ClientRow(Long id, String email, String phone, String firstName, String lastName, List<Pet> pets,
                     String messageBody, boolean read, String lastContactAt) {}

    /** A number that is nobody's: only the number, and no {@code pets} key. */
    record UnknownNumberRow(Long id, String email, String phone, String firstName, String lastName, String messageBody,
                            boolean read, String lastContactAt) {}

    record SmsRow(long id, String source, String destination, String direction, boolean automated, String messageBody,
                  String status, String timestamp, boolean read) {}

    record SmsCommunication(long id, String channel, String source, String destination, String direction,
                            boolean automated, String messageBody, String twilioStatus, String status, String timestamp) {}

    /** Email rows carry no {@code twilio_status}. */
    record EmailCommunication(long id, String channel, String source, String destination, String direction,
                              boolean automated, String messageBody, String status, String timestamp) {}

    record UnreadCounts(long unknown, long existing) {}

    /** Times as the document shows them: UTC, whole seconds, {@code 2020-06-28T05:13:32Z}. */
    static String timestamp(Instant at) {
        return SECONDS.format(at.truncatedTo(ChronoUnit.SECONDS));
    }

    /** The document's five statuses; "sending..." (with its dots) is everything not yet handed on. */
    static String status(MessageStatus status) {
        return switch (status) {
            case DRAFT, SCHEDULED, QUEUED, SENDING -> "sending...";
            case SENT -> "sent";
            case DELIVERED -> "delivered";
            case UNDELIVERED, FAILED, CANCELED -> "undelivered";
            case RECEIVED -> "received";
        };
    }
}
