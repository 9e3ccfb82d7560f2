package dev.parley.conversations;

/**
 * Unread inbound messages of one location on one channel, from known contacts or from unknown
 * counterparts, and how many conversations they are in.
 */
public record UnreadTotal(long locationId, Channel channel, boolean knownContact, long conversations, long messages) {}
