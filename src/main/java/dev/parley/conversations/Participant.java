package dev.parley.conversations;

/** A staff user taking part in a conversation: its assignee, or someone who wrote in it. */
public record Participant(long conversationId, long staffUserId, boolean assignee) {}
