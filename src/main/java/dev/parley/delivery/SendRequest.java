package dev.parley.delivery;

import java.time.Instant;

/**
 * A message to send, as a caller asks for it: to an address ({@code to}) or to a contact's first
 * address on the channel ({@code contactId}), from a location.
 */
public record SendRequest(Long locationId, String channel, String to, Long contactId, String body, String subject,
                          boolean automated, Instant sendAt, Long sentBy) {}
