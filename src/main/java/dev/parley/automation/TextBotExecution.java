package dev.parley.automation;

import java.time.Instant;

/** One run of a text bot in a conversation. */
public record TextBotExecution(long id, long conversationId, String botName, Instant startedAt, Instant finishedAt,
                               String outcome) {}
