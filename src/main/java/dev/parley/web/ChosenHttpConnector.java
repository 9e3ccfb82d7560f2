package dev.parley.web;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/** Gives Tomcat the connector {@code parley.http-connector} names (docs/adr/0040). */
@Component
class ChosenHttpConnector implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private final HttpConnector connector;

    ChosenHttpConnector(WebProperties properties) {
        this.connector = properties.httpConnector();
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.setProtocol(connector.protocol());
    }
}
