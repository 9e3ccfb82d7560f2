package dev.parley.web;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param maxRequestBytes the largest request body any surface accepts, in bytes (default 1 MiB); a larger
 *     one answers 413 before it is read
 * @param httpConnector the Tomcat connector that serves HTTP, {@code nio2} (the default) or {@code nio}
 *     (docs/adr/0040)
 */
@ConfigurationProperties("parley")
record WebProperties(Long maxRequestBytes, HttpConnector httpConnector) {

    WebProperties {
        if (httpConnector == null) {
            httpConnector = HttpConnector.NIO2;
        }
        if (maxRequestBytes == null) {
            maxRequestBytes = 1_048_576L;
        }
        if (maxRequestBytes < 1024) {
            throw new IllegalArgumentException("parley.max-request-bytes must be at least 1024 (bytes), not "
                    + maxRequestBytes + "; leave it unset for 1 MiB");
        }
    }
}
