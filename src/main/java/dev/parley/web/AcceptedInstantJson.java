package dev.parley.web;

import dev.parley.storage.SqlTypes;
import java.time.Instant;
import org.springframework.boot.jackson.JacksonComponent;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.ext.javatime.deser.InstantDeserializer;

/**
 * Reads an {@link Instant} from a request body as Jackson does, and refuses one Parley does not take (see
 * {@link SqlTypes#isAcceptedInstant}): {@code "+300000-01-01T00:00:00Z"} parses, but PostgreSQL cannot store it,
 * and the client would otherwise get a 500 instead of a 400 naming the field.
 */
@JacksonComponent
class AcceptedInstantJson extends StdDeserializer<Instant> {

    AcceptedInstantJson() {
        super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser json, DeserializationContext context) {
        Instant value = InstantDeserializer.INSTANT.deserialize(json, context);
        if (value != null && !SqlTypes.isAcceptedInstant(value)) {
            throw InvalidFormatException.from(json, "a year outside 1 to 9999", value.toString(), Instant.class);
        }
        return value;
    }
}
