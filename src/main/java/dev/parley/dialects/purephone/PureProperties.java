package dev.parley.dialects.purephone;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The PurePhone dialect's settings.
 *
 * @param tcpPort the TCP port that speaks the phone's framing (default: unset, no TCP server); 0 takes any
 *     free port
 * @param pageSize the most entries one answer carries (default 4, as the phone); 1 to 100
 * @param maxFrameBytes the largest envelope accepted on TCP and WebSocket, in bytes (default 65536); a larger
 *     one closes the connection
 * @param idleTimeout how long a TCP or WebSocket connection may stay silent between envelopes (default 5m)
 * @param frameTimeout how long a TCP frame may take to arrive once its first byte has (default 10s)
 * @param maxConnections the most TCP connections served at once (default 100); more are closed at once
 */
@ConfigurationProperties("parley.pure")
record PureProperties(Integer tcpPort, Integer pageSize, Integer maxFrameBytes, Duration idleTimeout,
                      Duration frameTimeout, Integer maxConnections) {

    PureProperties {
        pageSize = pageSize == null ? 4 : pageSize;
        maxFrameBytes = maxFrameBytes == null ? 65_536 : maxFrameBytes;
        idleTimeout = idleTimeout == null ? Duration.ofMinutes(5) : idleTimeout;
        frameTimeout = frameTimeout == null ? Duration.ofSeconds(10) : frameTimeout;
        maxConnections = maxConnections == null ? 100 : maxConnections;
        require(tcpPort == null || (tcpPort >= 0 && tcpPort <= 65_535), "parley.pure.tcp-port",
                "a port from 0 to 65535 (0 takes any free port), or unset for no TCP server", tcpPort);
        require(pageSize >= 1 && pageSize <= 100, "parley.pure.page-size", "from 1 to 100 (the phone's is 4)", pageSize);
        require(maxFrameBytes >= 1024 && maxFrameBytes <= 16_777_216, "parley.pure.max-frame-bytes",
                "from 1024 to 16777216 (bytes)", maxFrameBytes);
        require(idleTimeout.toMillis() >= 1, "parley.pure.idle-timeout", "a positive duration such as 5m", idleTimeout);
        require(frameTimeout.toMillis() >= 1, "parley.pure.frame-timeout", "a positive duration such as 10s", frameTimeout);
        require(maxConnections >= 1, "parley.pure.max-connections", "1 or more", maxConnections);
    }

    private static void require(boolean ok, String property, String expected, Object actual) {
        if (!ok) {
            throw new IllegalArgumentException(property + " must be " + expected + ", not " + actual);
        }
    }
}
