package dev.parley.delivery;

import dev.parley.conversations.Attachment;
import dev.parley.conversations.Channel;
import dev.parley.tenancy.TenantId;
import java.util.List;

/** What a channel needs to hand one message to its provider. */
public record OutboundMessage(TenantId tenant, long messageId, Channel channel, String from, String to, String body,
                              String subject, List<Attachment> media) {}
