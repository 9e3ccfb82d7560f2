package dev.parley.delivery.sms;

import dev.parley.conversations.Conversations.AwaitingReport;
import dev.parley.delivery.OutboundMessage;
import dev.parley.delivery.SendOutcome;
import dev.parley.delivery.StatusReports;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * A stand-in for an SMS provider, so Parley runs with no account: a message is accepted at once, reported
 * sent after {@code parley.sms.simulator-delay} (default 2s) and delivered after twice that; a number
 * ending in 0000 is reported undelivered (30003, unreachable handset), so every path shows in the inbox.
 */
@Component
class SimulatorChannel implements DisposableBean {

    static final String PROVIDER = "simulator";
    private static final Logger log = LoggerFactory.getLogger(SimulatorChannel.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final StatusReports reports;
    private final Duration delay;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "sms-simulator");
        thread.setDaemon(true);
        return thread;
    });

    SimulatorChannel(StatusReports reports, @Value("${parley.sms.simulator-delay:2s}") Duration delay) {
        this.reports = reports;
        this.delay = delay;
    }

    SendOutcome send(OutboundMessage message) {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        String sid = "SM" + HexFormat.of().formatHex(bytes);
        report(message, sid, "sent", null, delay);
        report(message, sid, finalStatus(message.to()), errorCode(message.to()), delay.multipliedBy(2));
        return new SendOutcome.Accepted(PROVIDER, sid, "queued");
    }

    /** How long after a send the simulator's last report on it is due. */
    Duration lastReportAfter() {
        return delay.multipliedBy(2);
    }

    /**
     * Makes the last report on a message whose reports were lost (they are kept in memory until due, so a restart
     * loses them); answers whether the message's status changed.
     */
    boolean reportLost(AwaitingReport message) {
        return reports.apply(message.tenant(), PROVIDER, message.providerMessageId(), message.messageId(),
                finalStatus(message.toAddress()), errorCode(message.toAddress()), null);
    }

    private static String finalStatus(String to) {
        return to.endsWith("0000") ? "undelivered" : "delivered";
    }

    private static String errorCode(String to) {
        return to.endsWith("0000") ? "30003" : null;
    }

    private void report(OutboundMessage message, String sid, String status, String errorCode, Duration after) {
        timer.schedule(() -> {
            try {
                reports.apply(message.tenant(), PROVIDER, sid, message.messageId(), status, errorCode, null);
            } catch (RuntimeException e) {
                log.warn("The simulator could not report {} for message {}", status, message.messageId(), e);
            }
        }, after.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }
}
