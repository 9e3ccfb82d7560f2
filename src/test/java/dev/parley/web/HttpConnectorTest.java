package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.coyote.http11.Http11Nio2Protocol;
import org.apache.coyote.http11.Http11NioProtocol;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;

/** {@code parley.http-connector} chooses Tomcat's connector: NIO2 unless it names NIO, and nothing else. */
class HttpConnectorTest {

    @Test
    void nio2UnlessSetOtherwise() {
        assertThat(protocolFor(Map.of())).isEqualTo(Http11Nio2Protocol.class.getName());
        assertThat(protocolFor(Map.of("parley.http-connector", "nio2"))).isEqualTo(Http11Nio2Protocol.class.getName());
    }

    @Test
    void nioGivesBackTomcatsDefault() {
        assertThat(protocolFor(Map.of("parley.http-connector", "nio"))).isEqualTo(Http11NioProtocol.class.getName());
        assertThat(protocolFor(Map.of("parley.http-connector", "NIO"))).isEqualTo(Http11NioProtocol.class.getName());
        assertThat(new TomcatServletWebServerFactory().getProtocol()).isEqualTo(Http11NioProtocol.class.getName());
    }

    @Test
    void anyOtherValueIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> protocolFor(Map.of("parley.http-connector", "apr")))
                .hasMessageContaining("parley.http-connector");
    }

    private static String protocolFor(Map<String, String> settings) {
        WebProperties properties = new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("parley", WebProperties.class);
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
        new ChosenHttpConnector(properties).customize(factory);
        return factory.getProtocol();
    }
}
