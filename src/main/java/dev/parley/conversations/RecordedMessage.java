package dev.parley.conversations;

/** The outcome of recording a message; {@code created} is false when the provider's id was seen before. */
public record RecordedMessage(long id, long conversationId, MessageStatus status, boolean created) {}
