package dev.parley.testing;

import dev.parley.conversations.Channel;
import dev.parley.conversations.Conversations;
import dev.parley.conversations.Direction;
import dev.parley.conversations.MessageStatus;
import dev.parley.conversations.NewMessage;
import dev.parley.conversations.RecordedMessage;
import java.time.Instant;
import java.util.List;

/** Records inbound messages straight into the core, as a provider's webhook would. */
public final class Inbound {

    private Inbound() {}

    public static RecordedMessage sms(Conversations conversations, TestTenant tenant, String from, String body) {
        return sms(conversations, tenant, from, body, Instant.now());
    }

    public static RecordedMessage sms(Conversations conversations, TestTenant tenant, String from, String body,
                                      Instant at) {
        return conversations.record(tenant.tenantId(), new NewMessage(tenant.locationId(), Channel.SMS,
                Direction.INBOUND, from, tenant.smsNumber(), null, false, body, null, MessageStatus.RECEIVED, at, null,
                null, "test", null, List.of()));
    }
}
