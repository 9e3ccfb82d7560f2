package dev.parley.conversations;

import dev.parley.tenancy.InvalidInput;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/** A keyset position (a time and an id) as an opaque string for a {@code cursor} parameter. */
record Cursor(Instant at, long id) {

    String encode() {
        String plain = at.getEpochSecond() + "." + at.getNano() + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    static Cursor decode(String parameter, String text) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            int dot = plain.indexOf('.');
            int colon = plain.indexOf(':');
            Instant at = Instant.ofEpochSecond(Long.parseLong(plain.substring(0, dot)),
                    Long.parseLong(plain.substring(dot + 1, colon)));
            return new Cursor(at, Long.parseLong(plain.substring(colon + 1)));
        } catch (RuntimeException e) {
            throw new InvalidInput(parameter, "is not a cursor that this list returned");
        }
    }
}
