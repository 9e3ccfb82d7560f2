package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Http;
import dev.parley.testing.ParleyIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** Every endpoint of the native API, found from the application's own mappings, refuses a request without a token. */
@ParleyIntegrationTest
class AuthenticationTest {

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void everyApiEndpointAnswers401WithoutAToken() {
        Http http = new Http(port);
        List<String> checked = new ArrayList<>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith("/api/v1/")) {
                    continue;
                }
                String path = pattern.replaceAll("\\{[^}]+}", "1");
                for (var verb : info.getMethodsCondition().getMethods()) {
                    Http.Response response = http.send(verb.name(), path, null, "{}", java.util.Map.of());
                    assertThat(response.status()).as(verb + " " + path + " -> " + response).isEqualTo(401);
                    checked.add(verb + " " + path);
                }
            }
        });
        assertThat(checked).hasSizeGreaterThanOrEqualTo(20);
    }
}
