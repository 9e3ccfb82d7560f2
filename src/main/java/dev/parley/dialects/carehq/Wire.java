package dev.parley.dialects.carehq;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * How CareHQ writes values: ids are 24 lower-case hex characters (Parley's numeric ids, zero-padded), and
 * datetimes {@code YYYY-MM-DD HH:MM:SS} in UTC.
 */
final class Wire {

    private static final Pattern ID = Pattern.compile("^[0-9a-f]{24}$");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Wire() {}

    /** 24 hex characters, zero-padded ({@code %024x}, without the formatter: a page writes hundreds). */
    static String id(Long id) {
        if (id == null) {
            return null;
        }
        String hex = Long.toHexString(id);
        return "0".repeat(24 - hex.length()) + hex;
    }

    static boolean isId(String text) {
        return text != null && ID.matcher(text).matches();
    }

    /**
     * The Parley id a well-formed CareHQ id stands for; empty for one Parley cannot have issued (more than a
     * positive 64-bit number), which therefore names nothing.
     */
    static OptionalLong parseId(String text) {
        if (!isId(text) || !text.startsWith("00000000")) {
            return OptionalLong.empty();
        }
        long value = Long.parseUnsignedLong(text.substring(8), 16);
        return value > 0 ? OptionalLong.of(value) : OptionalLong.empty();
    }

    static String dateTime(Instant at) {
        return at == null ? null : DATE_TIME.format(at);
    }
}
