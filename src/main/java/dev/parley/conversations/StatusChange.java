package dev.parley.conversations;

import java.time.Instant;

/** One entry of a message's status history. */
public record StatusChange(MessageStatus status, String providerStatus, String errorCode, String detail, Instant occurredAt) {}
