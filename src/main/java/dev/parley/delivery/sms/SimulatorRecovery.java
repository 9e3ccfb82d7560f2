package dev.parley.delivery.sms;

import dev.parley.conversations.Conversations;
import dev.parley.conversations.Conversations.AwaitingReport;
import dev.parley.storage.Housekeeping;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Gives the simulator's messages the reports a restart lost: the simulator keeps a message's reports in memory until
 * they are due, so a message it took just before Parley stopped would otherwise stay {@code sending} for good. One
 * still {@code sending} a minute after its last report was due is given that report now.
 */
@Component
class SimulatorRecovery extends Housekeeping {

    private static final Logger log = LoggerFactory.getLogger(SimulatorRecovery.class);
    /** How long past its due time a report counts as lost. */
    private static final Duration GRACE = Duration.ofMinutes(1);
    /** Messages reported on in one round at most. */
    private static final int ROUND = 100;

    private final Conversations conversations;
    private final SimulatorChannel simulator;

    SimulatorRecovery(Conversations conversations, SimulatorChannel simulator,
                      @Value("${parley.sms.status-poll-every:1m}") Duration every) {
        super("simulator-recovery", every);
        this.conversations = conversations;
        this.simulator = simulator;
    }

    @Override
    protected void run() {
        int changed = recover();
        if (changed > 0) {
            log.info("Gave {} of the simulator's messages the reports a restart lost", changed);
        }
    }

    /** One round; answers how many messages' statuses changed. */
    int recover() {
        Instant since = Instant.now().minus(simulator.lastReportAfter()).minus(GRACE);
        int changed = 0;
        for (AwaitingReport message : conversations.awaitingReport(SimulatorChannel.PROVIDER, since, ROUND)) {
            if (simulator.reportLost(message)) {
                changed++;
            }
        }
        return changed;
    }
}
