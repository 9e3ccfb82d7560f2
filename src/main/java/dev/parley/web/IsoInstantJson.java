package dev.parley.web;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import org.springframework.boot.jackson.JacksonComponent;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.BeanProperty;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.ext.javatime.ser.InstantSerializer;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * Writes an {@link Instant} as {@link DateTimeFormatter#ISO_INSTANT} does, character for character, without
 * going through a formatter: Jackson's own serializer formats every time through {@code DateTimeFormatter},
 * which was a third of the JSON writing of an inbox page (a page carries up to a hundred instants). Years
 * outside 0000–9999, and a property that asks for its own format, are left to Jackson's serializer.
 */
@JacksonComponent
public class IsoInstantJson extends StdSerializer<Instant> {

    private static final long FIRST_DAY = LocalDate.of(0, 1, 1).toEpochDay();
    private static final long LAST_DAY = LocalDate.of(9999, 12, 31).toEpochDay();
    static final int LONGEST_TEXT = "9999-12-31T23:59:59.999999999Z".length();

    IsoInstantJson() {
        super(Instant.class);
    }

    @Override
    public void serialize(Instant value, JsonGenerator json, SerializationContext context) {
        write(value, json);
    }

    /** Writes {@code value} as this serializer does, for JSON written by hand. */
    public static void write(Instant value, JsonGenerator json) {
        char[] text = new char[LONGEST_TEXT];
        int length = format(value, text);
        if (length < 0) {
            json.writeString(DateTimeFormatter.ISO_INSTANT.format(value));
        } else {
            json.writeString(text, 0, length);
        }
    }

    @Override
    public ValueSerializer<?> createContextual(SerializationContext context, BeanProperty property) {
        JsonFormat.Value format = property == null ? null : findFormatOverrides(context, property, Instant.class);
        boolean ownFormat = format != null && (format.hasPattern() || format.hasShape() || format.hasTimeZone()
                || format.hasLocale());
        return ownFormat ? InstantSerializer.INSTANCE.createContextual(context, property) : this;
    }

    /**
     * Writes {@code instant} into {@code text} (at least {@value #LONGEST_TEXT} long) as ISO_INSTANT would and
     * answers how many characters it took, or -1 for a year outside 0000–9999, which this does not write.
     */
    static int format(Instant instant, char[] text) {
        long seconds = instant.getEpochSecond();
        long day = Math.floorDiv(seconds, 86_400);
        if (day < FIRST_DAY || day > LAST_DAY) {
            return -1;
        }
        int secondOfDay = Math.floorMod(seconds, 86_400);
        LocalDate date = LocalDate.ofEpochDay(day);
        digits(text, 0, date.getYear(), 4);
        text[4] = '-';
        digits(text, 5, date.getMonthValue(), 2);
        text[7] = '-';
        digits(text, 8, date.getDayOfMonth(), 2);
        text[10] = 'T';
        digits(text, 11, secondOfDay / 3600, 2);
        text[13] = ':';
        digits(text, 14, secondOfDay / 60 % 60, 2);
        text[16] = ':';
        digits(text, 17, secondOfDay % 60, 2);
        int at = 19;
        int nano = instant.getNano();
        if (nano != 0) {
            text[at++] = '.';
            if (nano % 1_000_000 == 0) {
                at = digits(text, at, nano / 1_000_000, 3);
            } else if (nano % 1_000 == 0) {
                at = digits(text, at, nano / 1_000, 6);
            } else {
                at = digits(text, at, nano, 9);
            }
        }
        text[at++] = 'Z';
        return at;
    }

    private static int digits(char[] text, int at, int value, int count) {
        for (int i = at + count - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + count;
    }
}
