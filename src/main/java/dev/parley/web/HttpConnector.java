package dev.parley.web;

import org.apache.coyote.http11.Http11Nio2Protocol;
import org.apache.coyote.http11.Http11NioProtocol;

/**
 * The Tomcat connectors Parley can serve HTTP with, chosen by {@code parley.http-connector} (docs/adr/0040).
 */
enum HttpConnector {

    /**
     * Tomcat's NIO2 connector, the default: when a response is sent, the request thread itself arms the socket for the
     * next request, and the operating system reports it once when it arrives.
     */
    NIO2(Http11Nio2Protocol.class),

    /**
     * Tomcat's own default: the request thread hands each kept-alive socket back to one poller thread, which it wakes
     * to watch the socket, and which wakes again to pass on the next request.
     */
    NIO(Http11NioProtocol.class);

    private final Class<?> protocol;

    HttpConnector(Class<?> protocol) {
        this.protocol = protocol;
    }

    /** The class name Tomcat is given for the connector's protocol. */
    String protocol() {
        return protocol.getName();
    }
}
