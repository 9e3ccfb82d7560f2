package dev.parley.web;

import java.io.IOException;

/** Thrown while reading a request body that has grown past {@code parley.max-request-bytes}; answer 413. */
public final class BodyTooLarge extends IOException {

    BodyTooLarge(long max) {
        super("The request body is larger than " + max + " bytes");
    }

    /** Whether this, or any cause of it, is a body grown too large. */
    public static boolean isCauseOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BodyTooLarge) {
                return true;
            }
        }
        return false;
    }
}
