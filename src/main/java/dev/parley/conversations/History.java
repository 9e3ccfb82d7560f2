package dev.parley.conversations;

import java.time.Instant;

/**
 * Which messages a history page is of: one counterpart on one channel, or everything with one contact.
 * {@code before} is exclusive and compared at whole seconds, for surfaces that show seconds.
 */
public record History(Channel channel, String counterpart, Long contactId, Instant before, int top) {

    public static History withCounterpart(Channel channel, String counterpart, Instant before, int top) {
        return new History(channel, counterpart, null, before, top);
    }

    public static History withContact(long contactId, Instant before, int top) {
        return new History(null, null, contactId, before, top);
    }
}
