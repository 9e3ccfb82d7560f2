package dev.parley.conversations;

import dev.parley.tenancy.TenantId;

/**
 * A message was deleted (published within the transaction that deleted it); {@code conversationDeleted}
 * is true when it was the conversation's last message, so the conversation went with it.
 */
public record MessageDeleted(TenantId tenant, long messageId, long conversationId, boolean conversationDeleted) {}
