package dev.parley.conversations;

/** What a conversation list is narrowed to; null means "any". */
public record ConversationFilter(Long locationId, ConversationStatus status, Boolean unread, Boolean awaitingReply,
                                 Channel channel, String q) {

    public static ConversationFilter all() {
        return new ConversationFilter(null, null, null, null, null, null);
    }
}
