package dev.parley.web;

import java.io.IOException;
import java.util.Optional;

/** Thrown while reading a request body that has grown past {@code parley.max-request-bytes}; answer 413. */
public final class BodyTooLarge extends IOException {

    BodyTooLarge(long max) {
        super("The request body is larger than " + max + " bytes");
    }

    /**
     * The body grown too large that this is, or that caused it: its message is the one to show, not that of the
     * parser that was reading the body when it grew past the limit.
     */
    public static Optional<BodyTooLarge> in(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BodyTooLarge tooLarge) {
                return Optional.of(tooLarge);
            }
        }
        return Optional.empty();
    }
}
