package dev.parley.delivery;

import dev.parley.conversations.Channel;
import java.util.List;

/**
 * A way of delivering messages of one medium (SMS, email): a provider behind one method. Implementations
 * never throw for a provider's failure; they describe it in the outcome, transient or permanent.
 */
public interface DeliveryChannel {

    Channel medium();

    SendOutcome send(OutboundMessage message);

    /**
     * Hands several messages to the provider, and answers their outcomes in the same order. One message's
     * failure is its own outcome and never another's. This default sends them one after another; a channel
     * whose provider is reached over the network may send them at the same time.
     */
    default List<SendOutcome> sendAll(List<OutboundMessage> messages) {
        return messages.stream().map(this::send).toList();
    }
}
