package dev.parley.conversations;

import dev.parley.tenancy.TenantId;

/** A new message was stored in a conversation (published within the transaction that stored it). */
public record MessageRecorded(TenantId tenant, long messageId, long conversationId, Direction direction) {}
