package dev.parley.dialects.practice;

import dev.parley.conversations.Conversations;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code GET /conversations} asks for, checked. Defaults and limits (docs DIALECTS.md, "Practice
 * conversations"): {@code page} from 1, {@code per_page} 5 (at most 100), {@code messages} 20 per conversation
 * (at most 100); a value past a maximum is a bad parameter, never silently capped.
 */
record ConversationsQuery(String subdomain, long locationId, int page, int perPage, boolean includeMessages,
                          int messages, Instant messagesSince, Instant updatedSince) {

    static final int DEFAULT_PER_PAGE = 5;
    static final int MAX_PER_PAGE = 100;
    static final int DEFAULT_MESSAGES = 20;
    static final int MAX_MESSAGES = 100;
    /** The deepest a page reaches: each page costs the rows before it, so integrators narrow with updated_since. */
    static final int MAX_OFFSET = 10_000;

    /** Where the page starts in the whole list. */
    int offset() {
        return (page - 1) * perPage;
    }

    /**
     * Checks every parameter and reports every problem at once; a blank optional parameter counts as absent
     * (request templates often send {@code messages_since=} empty).
     */
    static ConversationsQuery parse(String subdomain, String locationId, String page, String perPage,
                                    String includeMessages, String messages, String messagesSince,
                                    String updatedSince) {
        List<BadParameters.Problem> problems = new ArrayList<>();
        if (blank(subdomain)) {
            problems.add(new BadParameters.Problem("subdomain", "is required: the institution's subdomain"));
        }
        long location = 0;
        if (blank(locationId)) {
            problems.add(new BadParameters.Problem("location_id", "is required: the id of one of the institution's locations"));
        } else {
            location = whole(problems, "location_id", locationId, 0, 1, Long.MAX_VALUE);
        }
        int pageNumber = (int) whole(problems, "page", page, 1, 1, Integer.MAX_VALUE);
        int size = (int) whole(problems, "per_page", perPage, DEFAULT_PER_PAGE, 1, MAX_PER_PAGE);
        int perConversation = (int) whole(problems, "messages", messages, DEFAULT_MESSAGES, 1, MAX_MESSAGES);
        boolean include = bool(problems, "include_messages", includeMessages);
        Instant since = date(problems, "messages_since", messagesSince);
        Instant updated = date(problems, "updated_since", updatedSince);
        if (pageNumber > 1 && size > 0 && (long) (pageNumber - 1) * size > MAX_OFFSET) {
            // Pages by number cost the rows before them; past the cap, narrow the list instead.
            problems.add(new BadParameters.Problem("page", "reaches past the first " + MAX_OFFSET
                    + " conversations (page " + pageNumber + " of " + size + "); use updated_since to narrow the list"));
        }
        if (!problems.isEmpty()) {
            throw new BadParameters(problems);
        }
        return new ConversationsQuery(subdomain.trim().toLowerCase(Locale.ROOT), location, pageNumber, size, include,
                perConversation, since, updated);
    }

    private static long whole(List<BadParameters.Problem> problems, String name, String text, long fallback, long min,
                              long max) {
        if (blank(text)) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text.trim());
            if (value < min || value > max) {
                String range = max >= Integer.MAX_VALUE ? "a whole number from " + min : "between " + min + " and " + max;
                problems.add(new BadParameters.Problem(name, "must be " + range + ", not " + value));
                return 0;
            }
            return value;
        } catch (NumberFormatException e) {
            problems.add(new BadParameters.Problem(name, "must be a whole number, not '" + text + "'"));
            return 0;
        }
    }

    private static boolean bool(List<BadParameters.Problem> problems, String name, String text) {
        if (blank(text)) {
            return false;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> {
                problems.add(new BadParameters.Problem(name, "must be true or false, not '" + text + "'"));
                yield false;
            }
        };
    }

    private static Instant date(List<BadParameters.Problem> problems, String name, String text) {
        if (blank(text)) {
            return null;
        }
        return PracticeDates.parse(text).orElseGet(() -> {
            problems.add(new BadParameters.Problem(name, "must be a date such as 2020-06-28 or a date and time such as "
                    + "2020-06-28T05:13:32+0000, not '" + text + "'"));
            return null;
        });
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
