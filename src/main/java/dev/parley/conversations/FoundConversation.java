package dev.parley.conversations;

import dev.parley.contacts.ContactSummary;

/**
 * A conversation found by a query surface, with what its row shows beside it: its contact (null for an unknown
 * number) and its location's primary address on the conversation's channel (null when the location has none).
 */
public record FoundConversation(Conversation conversation, ContactSummary contact, String locationAddress) {}
