package dev.parley.conversations;

/**
 * One counterpart on a channel across a tenant's locations: a known contact (all their threads taken
 * together) or an unknown address, with the newest message in either direction and whether anything
 * inbound is unread in any of the threads.
 */
public record CounterpartSummary(Long contactId, String counterpart, Message lastMessage, boolean unread) {}
