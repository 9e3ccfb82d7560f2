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
class TemplateApiTest {

    @LocalServerPort
    int port;

    Http http;
    TestTenant clinic;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        clinic = TestTenant.create(http);
    }

    @Test
    void newTemplatesGoLastAndMovingOneShiftsTheOthers() {
        long a = create("A");
        long b = create("B");
        long c = create("C");
        assertThat(bodies()).containsExactly("A", "B", "C");

        Http.Response moved = http.patch("/api/v1/templates/" + c, clinic.token(), Map.of("order", 1));

        assertThat(moved.json().get("order").asInt()).isEqualTo(1);
        assertThat(bodies()).containsExactly("C", "A", "B");
        assertThat(orders()).containsExactly(1, 2, 3);

        http.patch("/api/v1/templates/" + a, clinic.token(), Map.of("body", "A2"));
        assertThat(bodies()).containsExactly("C", "A2", "B");

        assertThat(http.delete("/api/v1/templates/" + c, clinic.token()).status()).isEqualTo(204);
        assertThat(bodies()).containsExactly("A2", "B");
        assertThat(orders()).containsExactly(1, 2);
        assertThat(http.delete("/api/v1/templates/" + c, clinic.token()).status()).isEqualTo(404);
        assertThat(b).isPositive();
    }

    @Test
    void aTemplateCanBeCreatedAtAPlace() {
        create("A");
        create("B");

        http.post("/api/v1/templates", clinic.token(), Map.of("body", "First!", "order", 1));

        assertThat(bodies()).containsExactly("First!", "A", "B");
    }

    @Test
    void badTemplatesAreNamed() {
        Http.Response noBody = http.post("/api/v1/templates", clinic.token(), Map.of("name", "x"));
        assertThat(noBody.status()).isEqualTo(400);
        assertThat(noBody.json().get("errors").get(0).get("field").asString()).isEqualTo("body");

        long a = create("A");
        Http.Response badOrder = http.patch("/api/v1/templates/" + a, clinic.token(), Map.of("order", 0));
        assertThat(badOrder.status()).isEqualTo(400);
        assertThat(badOrder.json().get("errors").get(0).get("field").asString()).isEqualTo("order");
    }

    private long create(String body) {
        Http.Response created = http.post("/api/v1/templates", clinic.token(), Map.of("name", body, "body", body));
        assertThat(created.status()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    private List<String> bodies() {
        return http.get("/api/v1/templates", clinic.token()).json().findValuesAsString("body");
    }

    private List<Integer> orders() {
        return http.get("/api/v1/templates", clinic.token()).json().valueStream().map(t -> t.get("order").asInt()).toList();
    }
}
