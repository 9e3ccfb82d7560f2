package dev.parley.conversations;

import dev.parley.contacts.ContactSummary;

/** A conversation with its contact (null when the number is nobody's) and its last message, as a list shows it. */
public record ConversationView(Conversation conversation, ContactSummary contact, Message lastMessage) {}
