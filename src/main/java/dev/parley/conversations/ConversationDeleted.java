package dev.parley.conversations;

import dev.parley.tenancy.TenantId;

/** A conversation and all its messages were deleted (published within the transaction that deleted them). */
public record ConversationDeleted(TenantId tenant, long conversationId) {}
