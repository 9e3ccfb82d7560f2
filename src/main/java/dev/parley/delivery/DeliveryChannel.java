package dev.parley.delivery;

import dev.parley.conversations.Channel;

/**
 * A way of delivering messages of one medium (SMS, email): a provider behind one method. Implementations
 * never throw for a provider's failure; they describe it in the outcome, transient or permanent.
 */
public interface DeliveryChannel {

    Channel medium();

    SendOutcome send(OutboundMessage message);
}
