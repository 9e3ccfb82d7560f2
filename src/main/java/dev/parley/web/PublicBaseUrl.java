package dev.parley.web;

import java.net.URI;
import java.net.URISyntaxException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The URL at which the outside world reaches this Parley ({@code parley.public-base-url}, default
 * http://localhost:8080): providers call back to it, and their signatures are computed over it.
 */
@Component
public class PublicBaseUrl {

    private final String base;

    PublicBaseUrl(@Value("${parley.public-base-url:http://localhost:8080}") String base) {
        String trimmed = base.replaceAll("/+$", "");
        try {
            URI uri = new URI(trimmed);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new URISyntaxException(base, "not an http or https URL");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("parley.public-base-url must be the http(s) URL at which providers reach"
                    + " Parley, such as https://parley.example.com, not '" + base + "'", e);
        }
        this.base = trimmed;
    }

    /** The public URL of a path (with its query string, if any) of this application. */
    public String of(String pathAndQuery) {
        return base + pathAndQuery;
    }
}
