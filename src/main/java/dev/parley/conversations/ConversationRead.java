package dev.parley.conversations;

import dev.parley.tenancy.TenantId;

/** A conversation's unread count changed because someone read it or marked it unread. */
public record ConversationRead(TenantId tenant, long conversationId, int unreadCount) {}
