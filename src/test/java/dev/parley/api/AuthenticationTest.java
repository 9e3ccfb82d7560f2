package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.tenancy.ActsAsOneLocation;
import dev.parley.tenancy.Caller;
import dev.parley.testing.Http;
import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.TestTenant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.MethodParameter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every endpoint of the native API, found from the application's own mappings, refuses a request without a token; and
 * every endpoint that takes a tenant's token refuses one bound to a location, but the PurePhone endpoint's.
 */
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

    @Test
    void aTokenBoundToALocationIsRefusedEverywhereButThePurePhoneEndpoint() {
        Http http = new Http(port);
        TestTenant clinic = TestTenant.create(http);
        Http.Response issued = http.post("/api/v1/tenants/" + clinic.id() + "/tokens", Http.OPERATOR_TOKEN,
                Map.of("name", "front desk phone", "scopes", List.of("admin"), "location_id", clinic.locationId()));
        String bound = issued.json().get("token").asString();
        List<String> checked = new ArrayList<>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            boolean takesCaller = false;
            boolean oneLocation = false;
            for (MethodParameter parameter : method.getMethodParameters()) {
                if (parameter.getParameterType() == Caller.class) {
                    takesCaller = true;
                    oneLocation = parameter.hasParameterAnnotation(ActsAsOneLocation.class);
                }
            }
            if (!takesCaller || oneLocation) {
                return;
            }
            for (String pattern : info.getPatternValues()) {
                String path = pattern.replaceAll("\\{[^}]+}", String.valueOf(clinic.id()));
                for (var verb : info.getMethodsCondition().getMethods()) {
                    Http.Response response = http.send(verb.name(), path, bound, "{}", Map.of());
                    assertThat(response.status()).as(verb + " " + path + " -> " + response).isEqualTo(403);
                    assertThat(response.body()).as(verb + " " + path).contains("bound to location " + clinic.locationId());
                    checked.add(verb + " " + path);
                }
            }
        });
        assertThat(checked).contains("GET /api/v1/conversations", "POST /api/v1/messages", "GET /partners/clients",
                "GET /smschatapi/external/orgs/" + clinic.id() + "/smsChats");
        // The PurePhone endpoint, which acts as the token's location, takes it.
        Http.Response pure = http.send("POST", "/api/pure", bound,
                "{\"endpoint\": 8, \"method\": 1, \"uuid\": 1, \"body\": {\"category\": \"thread\", \"limit\": 1}}",
                Map.of());
        assertThat(pure.status()).as(pure.toString()).isEqualTo(200);
        assertThat(pure.json().get("status").asInt()).isEqualTo(200);
    }
}
