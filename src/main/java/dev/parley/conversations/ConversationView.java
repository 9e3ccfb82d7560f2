package dev.parley.conversations;

/** A conversation with its last message, as a list shows it. */
public record ConversationView(Conversation conversation, Message lastMessage) {}
