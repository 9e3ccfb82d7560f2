package dev.parley.conversations;

import java.time.LocalDate;
import java.util.Set;

/**
 * A tenant's messages on a range of whole UTC days, of some channels and directions: what the kept day counters
 * count without reading the messages (ADR 0028).
 *
 * @param channels the channels counted; empty counts every channel
 * @param directions the directions counted; empty counts both
 * @param from the first day counted; null counts from the first message
 * @param through the last day counted, inclusive; null counts to the last message
 */
public record MessageDays(Set<Channel> channels, Set<Direction> directions, LocalDate from, LocalDate through) {

    public MessageDays {
        channels = Set.copyOf(channels);
        directions = Set.copyOf(directions);
    }
}
