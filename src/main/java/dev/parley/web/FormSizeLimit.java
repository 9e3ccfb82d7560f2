package dev.parley.web;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Bounds the form bodies that Tomcat parses itself (Twilio's webhooks, CareHQ's signed forms) by
 * {@code parley.max-request-bytes}, as {@link RequestSizeLimit} bounds every other body: Tomcat's own limit,
 * {@code maxPostSize}, is 2 MB, and a form sent without a length is read by Tomcat, not through the filter's stream.
 */
@Component
class FormSizeLimit implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private final int maxBytes;

    FormSizeLimit(WebProperties properties) {
        this.maxBytes = (int) Math.min(properties.maxRequestBytes(), Integer.MAX_VALUE);
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addConnectorCustomizers(connector -> connector.setMaxPostSize(maxBytes));
    }
}
