package dev.parley.conversations;

import dev.parley.tenancy.TenantId;

/** A message moved to a new status (published within the transaction that moved it). */
public record MessageStatusChanged(TenantId tenant, long messageId, long conversationId, MessageStatus status) {}
