package dev.parley.delivery;

import dev.parley.conversations.Conversations;
import dev.parley.conversations.Conversations.ProviderMessage;
import dev.parley.conversations.Message;
import dev.parley.conversations.MessageStatus;
import dev.parley.conversations.StatusUpdate;
import dev.parley.tenancy.TenantId;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Providers' reports on messages they were given (Twilio's status callbacks, the simulator's). Statuses
 * only move forward; a message the report names by Parley's id but that has no provider id yet gets it
 * (the reconciliation after a worker stopped between the provider's answer and recording it). A report
 * that changes something is applied in one transaction, with the message locked.
 */
@Service
public class StatusReports {

    private static final Logger log = LoggerFactory.getLogger(StatusReports.class);
    private static final Map<String, MessageStatus> PROVIDER_STATUSES = Map.ofEntries(
            Map.entry("accepted", MessageStatus.SENDING),
            Map.entry("scheduled", MessageStatus.SENDING),
            Map.entry("queued", MessageStatus.SENDING),
            Map.entry("sending", MessageStatus.SENDING),
            Map.entry("sent", MessageStatus.SENT),
            Map.entry("delivered", MessageStatus.DELIVERED),
            Map.entry("read", MessageStatus.DELIVERED),
            Map.entry("undelivered", MessageStatus.UNDELIVERED),
            Map.entry("failed", MessageStatus.FAILED),
            Map.entry("canceled", MessageStatus.CANCELED));

    private final Conversations conversations;
    private final TransactionTemplate transactions;

    StatusReports(Conversations conversations, TransactionTemplate transactions) {
        this.conversations = conversations;
        this.transactions = transactions;
    }

    /** Applies one report; answers whether the message's status changed. */
    public boolean apply(TenantId tenant, String provider, String providerMessageId, Long parleyMessageId,
                         String providerStatus, String errorCode, String errorMessage) {
        MessageStatus status = PROVIDER_STATUSES.get(providerStatus == null ? "" : providerStatus.toLowerCase(Locale.ROOT));
        Optional<ProviderMessage> known = conversations.messageByProviderId(tenant, provider, providerMessageId);
        if (known.isPresent() && status != null && !known.get().status().mayMoveTo(status)) {
            // Statuses only move forward, so a report the message has already passed (a repeat, a late "sent")
            // would change nothing after a lock either: one read, no transaction.
            return false;
        }
        return Boolean.TRUE.equals(transactions.execute(tx -> applyLocked(tenant, provider, providerMessageId,
                known.map(ProviderMessage::id), parleyMessageId, status, providerStatus, errorCode, errorMessage)));
    }

    private boolean applyLocked(TenantId tenant, String provider, String providerMessageId, Optional<Long> known,
                                Long parleyMessageId, MessageStatus status, String providerStatus, String errorCode,
                                String errorMessage) {
        Optional<Long> message = known;
        if (message.isEmpty() && parleyMessageId != null) {
            message = reconcile(tenant, provider, providerMessageId, parleyMessageId);
        }
        if (message.isEmpty()) {
            log.info("A {} status report for {} names no message of tenant {}; ignored", provider, providerMessageId, tenant);
            return false;
        }
        if (status == null) {
            conversations.note(tenant, message.get(), providerStatus, errorCode,
                    provider + " reported a status Parley does not know: " + providerStatus);
            return false;
        }
        String reason = errorCode == null ? null : (errorMessage != null ? errorMessage : describe(errorCode));
        return conversations.advance(tenant, message.get(),
                new StatusUpdate(status, providerStatus, errorCode, reason, provider + " reported " + providerStatus));
    }

    private Optional<Long> reconcile(TenantId tenant, String provider, String providerMessageId, long messageId) {
        try {
            Message message = conversations.message(tenant, messageId);
            if (message.providerMessageId() == null) {
                conversations.assignProviderId(tenant, messageId, provider, providerMessageId);
                conversations.note(tenant, messageId, null, null,
                        provider + " knows this message as " + providerMessageId + " (learned from its status report)");
                return Optional.of(messageId);
            }
            if (!message.providerMessageId().equals(providerMessageId)) {
                conversations.note(tenant, messageId, null, null, provider + " reports a second copy, "
                        + providerMessageId + ", of this message (first: " + message.providerMessageId()
                        + "): it was sent twice after a worker stopped mid-attempt");
            }
            return Optional.empty();
        } catch (dev.parley.tenancy.NotFound e) {
            return Optional.empty();
        }
    }

    /** Words for the carrier errors a practice meets most. */
    static String describe(String errorCode) {
        return switch (errorCode) {
            case "30003" -> "Unreachable destination handset";
            case "30004" -> "Message blocked by the recipient or carrier";
            case "30005" -> "Unknown destination handset";
            case "30006" -> "Landline or unreachable carrier";
            case "30007" -> "Filtered by the carrier as spam";
            case "30008" -> "Unknown error from the carrier";
            case "21610" -> "The recipient has unsubscribed (replied STOP)";
            default -> "Provider error " + errorCode;
        };
    }
}
