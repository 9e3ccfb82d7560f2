package dev.parley.dialects.purephone;

import dev.parley.conversations.Conversations;
import dev.parley.web.TextJson;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * An envelope's {@code body}, read field by field. A field of the wrong type is a bad request (400), never
 * taken as zero or empty as the phone would; fields the operation does not use are ignored, as the phone does.
 */
record Body(JsonNode json) {

    /** The longest message or template body, in UTF-8 bytes: what the phone stores. */
    static final int MAX_BODY_BYTES = 469;

    boolean has(String field) {
        JsonNode value = json.get(field);
        return value != null && !value.isNull();
    }

    String category() {
        return text("category").orElseThrow(() -> new BadRequest("category", "is required: thread, message or template"));
    }

    Optional<String> text(String field) {
        if (!has(field)) {
            return Optional.empty();
        }
        JsonNode value = json.get(field);
        if (!value.isString()) {
            throw new BadRequest(field, "must be a string");
        }
        if (value.stringValue().indexOf('\0') >= 0) {
            throw new BadRequest(field, TextJson.NUL_PROBLEM);
        }
        return Optional.of(value.stringValue());
    }

    Optional<Boolean> bool(String field) {
        if (!has(field)) {
            return Optional.empty();
        }
        JsonNode value = json.get(field);
        if (!value.isBoolean()) {
            throw new BadRequest(field, "must be true or false");
        }
        return Optional.of(value.booleanValue());
    }

    Optional<Long> number(String field, long min, long max) {
        if (!has(field)) {
            return Optional.empty();
        }
        JsonNode value = json.get(field);
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < min || value.longValue() > max) {
            throw new BadRequest(field, "must be a whole number from " + min + " to " + max);
        }
        return Optional.of(value.longValue());
    }

    /** An id: a positive whole number. */
    Optional<Long> id(String field) {
        return number(field, 1, Long.MAX_VALUE);
    }

    long requireId(String field) {
        return id(field).orElseThrow(() -> new BadRequest(field, "is required"));
    }

    int offset() {
        return number("offset", 0, Conversations.MAX_OFFSET).orElse(0L).intValue();
    }

    /** The entries asked for; absent is 0 (the total only). */
    int limit() {
        return number("limit", 0, Integer.MAX_VALUE).orElse(0L).intValue();
    }

    boolean count() {
        return bool("count").orElse(false);
    }

    /** A message or template body: required, not blank, at most {@link #MAX_BODY_BYTES} bytes of UTF-8. */
    String requireBody(String field) {
        String body = text(field).orElseThrow(() -> new BadRequest(field, "is required"));
        checkBody(field, body);
        return body;
    }

    Optional<String> optionalBody(String field) {
        Optional<String> body = text(field);
        body.ifPresent(b -> checkBody(field, b));
        return body;
    }

    private static void checkBody(String field, String body) {
        if (body.isBlank()) {
            throw new BadRequest(field, "must not be empty");
        }
        int bytes = body.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BODY_BYTES) {
            throw new BadRequest(field, "is " + bytes + " bytes of UTF-8; at most " + MAX_BODY_BYTES + " fit");
        }
    }
}
