package dev.parley.delivery.sms;

import dev.parley.conversations.Channel;
import dev.parley.delivery.DeliveryChannel;
import dev.parley.delivery.OutboundMessage;
import dev.parley.delivery.SendOutcome;
import dev.parley.tenancy.TenantId;
import dev.parley.web.PublicBaseUrl;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The SMS channel: each message goes through its tenant's provider, Twilio or the simulator. */
@Component
class SmsDelivery implements DeliveryChannel {

    private static final Logger log = LoggerFactory.getLogger(SmsDelivery.class);

    private final SmsChannels channels;
    private final TwilioClient twilio;
    private final SimulatorChannel simulator;
    private final PublicBaseUrl publicUrl;

    SmsDelivery(SmsChannels channels, TwilioClient twilio, SimulatorChannel simulator, PublicBaseUrl publicUrl) {
        this.channels = channels;
        this.twilio = twilio;
        this.simulator = simulator;
        this.publicUrl = publicUrl;
    }

    @Override
    public Channel medium() {
        return Channel.SMS;
    }

    @Override
    public SendOutcome send(OutboundMessage message) {
        return sendAll(List.of(message)).get(0);
    }

    /**
     * Reads each tenant's settings once, then makes the Twilio calls at the same time (as many as there are
     * messages, so the caller's batch bounds them) and waits for them all.
     */
    @Override
    public List<SendOutcome> sendAll(List<OutboundMessage> messages) {
        Map<TenantId, SmsSettings> settings = new HashMap<>();
        List<CompletableFuture<SendOutcome>> outcomes = new ArrayList<>(messages.size());
        for (OutboundMessage message : messages) {
            CompletableFuture<SendOutcome> outcome;
            try {
                SmsSettings tenant = settings.computeIfAbsent(message.tenant(), channels::settings);
                outcome = tenant.isTwilio()
                        ? twilio.sendAsync(tenant, message, publicUrl.of(TwilioWebhooks.STATUS_PATH + "?tenant="
                                + message.tenant().value() + "&message=" + message.messageId()))
                        : CompletableFuture.completedFuture(simulator.send(message));
            } catch (RuntimeException e) {
                outcome = CompletableFuture.failedFuture(e);
            }
            outcomes.add(outcome.exceptionally(SmsDelivery::unexpected));
        }
        List<SendOutcome> answered = new ArrayList<>(outcomes.size());
        for (CompletableFuture<SendOutcome> outcome : outcomes) {
            answered.add(await(outcome));
        }
        return answered;
    }

    /** Twilio's answer; when Parley is stopping meanwhile, a transient failure (the message may still have gone). */
    private static SendOutcome await(CompletableFuture<SendOutcome> outcome) {
        try {
            return Thread.currentThread().isInterrupted() && !outcome.isDone() ? stopping() : outcome.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return stopping();
        } catch (ExecutionException e) {
            return unexpected(e.getCause());
        }
    }

    private static SendOutcome stopping() {
        return new SendOutcome.Transient("interrupted", "Parley was stopping before Twilio answered", null);
    }

    private static SendOutcome unexpected(Throwable error) {
        log.warn("Sending an SMS failed unexpectedly", error);
        return new SendOutcome.Transient("error", "Unexpected error: " + error.getMessage(), null);
    }
}
