package dev.parley.conversations;

import java.time.Instant;

/**
 * A file that came or went with a message: MMS media, an email attachment, or a reference to a document
 * (a literature item or an invoice) kept elsewhere.
 */
public record Attachment(String kind, String url, String contentType, String fileName, Long sizeBytes,
                         String reference, Instant updatedAt) {

    public static Attachment media(String url, String contentType) {
        return new Attachment("media", url, contentType, null, null, null, null);
    }
}
