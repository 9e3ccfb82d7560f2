package dev.parley.web;

import java.util.Optional;
import org.springframework.boot.jackson.JacksonComponent;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;

/**
 * Reads a string from a request body as Jackson does, and refuses one holding U+0000: PostgreSQL cannot store that
 * character in text, so it would fail the request with a 500 after the request had been accepted.
 */
@JacksonComponent
public class TextJson extends StdDeserializer<String> {

    /** What is wrong with such a string, for the surfaces' error answers. */
    public static final String NUL_PROBLEM = "must not contain the character U+0000";

    TextJson() {
        super(String.class);
    }

    @Override
    public String deserialize(JsonParser json, DeserializationContext context) {
        String value = StringDeserializer.instance.deserialize(json, context);
        if (value != null && value.indexOf('\0') >= 0) {
            throw InvalidFormatException.from(json, NUL_PROBLEM, value, String.class);
        }
        return value;
    }

    /** The refusal above, when it is what made a body unreadable. */
    public static Optional<InvalidFormatException> refusalIn(Throwable unreadable) {
        for (Throwable t = unreadable; t != null; t = t.getCause()) {
            if (t instanceof InvalidFormatException format && format.getTargetType() == String.class
                    && format.getValue() instanceof String text && text.indexOf('\0') >= 0) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
