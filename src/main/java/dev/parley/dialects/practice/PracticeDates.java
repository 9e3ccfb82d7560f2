package dev.parley.dialects.practice;

import dev.parley.storage.SqlTypes;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The practice API's dates, in and out. In: {@code YYYY-MM-DD} (the start of that day in UTC, the zone of every
 * {@code created_at} it shows), {@code YYYY-MM-DDThh:mm:ss+0000} (the document's recommendation) and ISO-8601
 * ({@code 2020-06-28T05:13:32Z}, {@code ...+00:00}, with or without a fraction; without an offset, UTC). Out:
 * ISO-8601 with milliseconds, in UTC or in a location's zone.
 */
final class PracticeDates {

    /** {@code +0000}: the document's offset, without the colon that ISO-8601's extended form has. */
    private static final DateTimeFormatter COMPACT_OFFSET = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .appendOffset("+HHmm", "Z")
            .toFormatter();

    /**
     * An offset whose {@code +} reached us as a space: a client that does not percent-encode
     * {@code ...T05:13:32+0000} sends a {@code +}, which a query string decodes as a space.
     */
    private static final Pattern UNENCODED_PLUS = Pattern.compile("(T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?) (\\d{2}(?::?\\d{2})?)$");

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter WITH_OFFSET = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx");
    private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("xxx");

    private PracticeDates() {}

    /** The instant the text names, or empty when it is not one of the accepted forms. */
    static Optional<Instant> parse(String text) {
        String value = UNENCODED_PLUS.matcher(text.trim()).replaceFirst("$1+$2");
        Instant parsed = first(value);
        if (parsed == null || !SqlTypes.isAcceptedInstant(parsed)) {
            return Optional.empty();
        }
        return Optional.of(parsed);
    }

    private static Instant first(String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException notIso) {
            // try the next form
        }
        try {
            return OffsetDateTime.parse(value, COMPACT_OFFSET).toInstant();
        } catch (DateTimeException notCompact) {
            // try the next form
        }
        try {
            return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException notLocal) {
            // try the next form
        }
        try {
            return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeException notADate) {
            return null;
        }
    }

    /** {@code 2020-06-28T05:13:32.250Z}. */
    static String utc(Instant at) {
        return at == null ? null : UTC.format(at);
    }

    /** {@code 2020-06-28T01:13:32.250-04:00}: the time as the location's clock showed it. */
    static String inZone(Instant at, ZoneId zone) {
        return WITH_OFFSET.format(at.atZone(zone));
    }

    /** {@code -04:00}: the location's offset from UTC at that instant (so summer and winter differ). */
    static String offset(Instant at, ZoneId zone) {
        return OFFSET.format(at.atZone(zone));
    }
}
