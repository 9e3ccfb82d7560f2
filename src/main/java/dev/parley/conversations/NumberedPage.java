package dev.parley.conversations;

import java.util.List;

/**
 * One page of a list that a wire format pages by number or offset, with the {@code total} of the whole list
 * (every page, not this one), for surfaces that must show it.
 */
public record NumberedPage<T>(List<T> items, long total) {

    public NumberedPage {
        items = List.copyOf(items);
    }
}
