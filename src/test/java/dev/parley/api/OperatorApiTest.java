package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Http;
import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.TestTenant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@ParleyIntegrationTest
class OperatorApiTest {

    @LocalServerPort
    int port;

    Http http;

    @BeforeEach
    void setUp() {
        http = new Http(port);
    }

    @Test
    void theOperatorCreatesATenant() {
        Http.Response created = http.post("/api/v1/tenants", Http.OPERATOR_TOKEN,
                Map.of("name", "Riverside Vets", "subdomain", "riverside-" + System.nanoTime(), "timezone", "Europe/London"));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("id").asLong()).isPositive();
        assertThat(created.json().get("name").asString()).isEqualTo("Riverside Vets");
        assertThat(created.json().get("timezone").asString()).isEqualTo("Europe/London");
    }

    @Test
    void aTakenSubdomainIsAConflict() {
        String subdomain = "taken-" + System.nanoTime();
        Map<String, String> body = Map.of("name", "A", "subdomain", subdomain, "timezone", "UTC");
        assertThat(http.post("/api/v1/tenants", Http.OPERATOR_TOKEN, body).status()).isEqualTo(201);

        Http.Response again = http.post("/api/v1/tenants", Http.OPERATOR_TOKEN, body);

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("errors").get(0).get("field").asString()).isEqualTo("subdomain");
    }

    @Test
    void badTenantFieldsAreNamed() {
        Http.Response bad = http.post("/api/v1/tenants", Http.OPERATOR_TOKEN,
                Map.of("name", "A", "subdomain", "Not A Subdomain", "timezone", "UTC"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").get(0).get("field").asString()).isEqualTo("subdomain");

        Http.Response badZone = http.post("/api/v1/tenants", Http.OPERATOR_TOKEN,
                Map.of("name", "A", "subdomain", "zone-" + System.nanoTime(), "timezone", "Mars/Olympus"));
        assertThat(badZone.status()).isEqualTo(400);
        assertThat(badZone.json().get("errors").get(0).get("field").asString()).isEqualTo("timezone");

        Http.Response missing = http.post("/api/v1/tenants", Http.OPERATOR_TOKEN, Map.of("subdomain", "x"));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("errors").get(0).get("field").asString()).isEqualTo("name");
        assertThat(missing.header("content-type")).startsWith("application/problem+json");
    }

    @Test
    void theOperatorIssuesTokensWithScopesAndTheTokenWorks() {
        TestTenant tenant = TestTenant.create(http);

        Http.Response issued = http.post("/api/v1/tenants/" + tenant.id() + "/tokens", Http.OPERATOR_TOKEN,
                Map.of("name", "reader", "scopes", List.of("read", "read.sms_chats")));

        assertThat(issued.status()).isEqualTo(201);
        assertThat(issued.json().get("scopes").toString()).isEqualTo("[\"read\",\"read.sms_chats\"]");
        String token = issued.json().get("token").asString();
        assertThat(http.get("/api/v1/conversations", token).status()).isEqualTo(200);
        assertThat(http.post("/api/v1/contacts", token, Map.of("kind", "client", "first_name", "A")).status())
                .as("a read token may not write").isEqualTo(403);
    }

    @Test
    void anUnknownScopeIsNamed() {
        TestTenant tenant = TestTenant.create(http);

        Http.Response bad = http.post("/api/v1/tenants/" + tenant.id() + "/tokens", Http.OPERATOR_TOKEN,
                Map.of("name", "x", "scopes", List.of("read", "everything")));

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").get(0).get("field").asString()).isEqualTo("scopes[1]");
    }

    @Test
    void tokensOfATenantThatDoesNotExistAreNotFound() {
        Http.Response missing = http.post("/api/v1/tenants/987654321/tokens", Http.OPERATOR_TOKEN,
                Map.of("name", "x", "scopes", List.of("admin")));

        assertThat(missing.status()).isEqualTo(404);
    }

    @Test
    void operatorCallsRefuseTenantTokensAndNoToken() {
        TestTenant tenant = TestTenant.create(http);
        Map<String, String> body = Map.of("name", "A", "subdomain", "x" + System.nanoTime(), "timezone", "UTC");

        assertThat(http.post("/api/v1/tenants", tenant.token(), body).status()).isEqualTo(403);
        assertThat(http.post("/api/v1/tenants", null, body).status()).isEqualTo(401);
        assertThat(http.post("/api/v1/tenants", "wrong", body).status()).isEqualTo(401);
    }

    @Test
    void theOperatorTokenWorksOnlyOnOperatorCalls() {
        Http.Response response = http.get("/api/v1/conversations", Http.OPERATOR_TOKEN);

        assertThat(response.status()).isEqualTo(403);
    }

    @Test
    void aTamperedTenantTokenIsRefused() {
        TestTenant tenant = TestTenant.create(http);
        String tampered = tenant.token().substring(0, tenant.token().length() - 2) + "xx";

        Http.Response response = http.get("/api/v1/conversations", tampered);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("www-authenticate")).startsWith("Bearer");
    }
}
