package dev.parley.dialects.carehq;

import static org.jooq.impl.DSL.inline;

import dev.parley.conversations.Direction;
import dev.parley.conversations.Message;
import dev.parley.conversations.MessageColumns;
import dev.parley.conversations.MessageStatus;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.jooq.CaseConditionStep;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * CareHQ's delivery status of an outbound message, from Parley's status: {@code queued} while waiting to go
 * or going, {@code sent} once a provider took it (delivered included), {@code failed} when it did not go or
 * did not arrive, and {@code unknown} for a draft, which no sender service has answered for. An inbound
 * message has none (null): the status applies only to messages sent through the application.
 */
enum DeliveryStatus {
    SENT("sent", EnumSet.of(MessageStatus.SENT, MessageStatus.DELIVERED)),
    FAILED("failed", EnumSet.of(MessageStatus.UNDELIVERED, MessageStatus.FAILED, MessageStatus.CANCELED)),
    QUEUED("queued", EnumSet.of(MessageStatus.SCHEDULED, MessageStatus.QUEUED, MessageStatus.SENDING)),
    UNKNOWN("unknown", EnumSet.of(MessageStatus.DRAFT));

    private final String wireName;
    private final Set<MessageStatus> statuses;

    DeliveryStatus(String wireName, Set<MessageStatus> statuses) {
        this.wireName = wireName;
        this.statuses = statuses;
    }

    String wireName() {
        return wireName;
    }

    static String of(Message message) {
        if (message.direction() != Direction.OUTBOUND) {
            return null;
        }
        return Arrays.stream(values()).filter(s -> s.statuses.contains(message.status())).map(DeliveryStatus::wireName)
                .findFirst().orElse(null);
    }

    /** The same mapping as an SQL expression over {@link MessageColumns}, for filtering. */
    static Field<String> column() {
        Field<String> status = MessageColumns.status();
        var outbound = MessageColumns.direction().eq(inline(Direction.OUTBOUND.wireName()));
        CaseConditionStep<String> cases = null;
        for (DeliveryStatus s : values()) {
            var when = outbound.and(status.in(s.statuses.stream().map(m -> inline(m.wireName())).toList()));
            cases = cases == null ? DSL.when(when, inline(s.wireName)) : cases.when(when, inline(s.wireName));
        }
        return cases.otherwise(DSL.inline((String) null));
    }
}
