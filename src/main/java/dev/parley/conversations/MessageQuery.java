package dev.parley.conversations;

/**
 * Which messages an offset-paged list is of: a location's messages on one channel, narrowed to one
 * conversation, to one counterpart, or to bodies containing a text (case-insensitive). Newest first unless
 * {@code oldestFirst} ({@link #inTimeOrder}). Drafts are included: they are messages of the conversation like any other.
 */
public record MessageQuery(long locationId, Channel channel, Long conversationId, String counterpart,
                           String bodyContains, boolean oldestFirst) {

    public static MessageQuery atLocation(long locationId, Channel channel) {
        return new MessageQuery(locationId, channel, null, null, null, false);
    }

    public MessageQuery inConversation(long id) {
        return new MessageQuery(locationId, channel, id, counterpart, bodyContains, oldestFirst);
    }

    public MessageQuery withCounterpart(String address) {
        return new MessageQuery(locationId, channel, conversationId, address, bodyContains, oldestFirst);
    }

    public MessageQuery containing(String text) {
        return new MessageQuery(locationId, channel, conversationId, counterpart, text, oldestFirst);
    }

    public MessageQuery inTimeOrder() {
        return new MessageQuery(locationId, channel, conversationId, counterpart, bodyContains, true);
    }

    /** Whether the kept counters answer how many messages match, so that no rows need counting. */
    boolean countedByCounters() {
        return counterpart == null && bodyContains == null;
    }
}
