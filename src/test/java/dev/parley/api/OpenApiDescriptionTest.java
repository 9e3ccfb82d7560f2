package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.ConversationController.ConversationItem;
import dev.parley.testing.ParleyIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The OpenAPI description says what the API does on the wire: its names, its token, no caller parameter. */
@ParleyIntegrationTest
class OpenApiDescriptionTest {

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    private JsonNode description() throws Exception {
        return json.readTree(HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v3/api-docs")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    @Test
    void theSchemasNameThePropertiesAsTheWireDoes() throws Exception {
        JsonNode schemas = description().get("components").get("schemas");
        Instant at = Instant.parse("2026-11-29T10:00:00Z");
        MessageView message = new MessageView(1, 2, 3, 4L, "sms", "inbound", false, "Hi", null, "+15550100",
                "+15550101", "received", "twilio", "SM1", null, null, null, at, at, at, false, null, null, null,
                List.of(), List.of(), List.of(), List.of());
        ConversationItem conversation = new ConversationItem(2, 3, "sms", "+15550100", null, "open", null, null,
                List.of(), 1, 1, at, at, message, at, at);

        assertThat(propertiesOf(schemas.get("MessageView"))).containsExactlyElementsOf(namesOnTheWire(message));
        assertThat(propertiesOf(schemas.get("ConversationItem")))
                .containsExactlyElementsOf(namesOnTheWire(conversation));
        assertThat(propertiesOf(schemas.get("SendBody"))).contains("location_id", "contact_id", "send_at", "sent_by")
                .doesNotContain("locationId", "contactId", "sendAt", "sentBy");
    }

    @Test
    void everyOperationTakesTheBearerTokenAndNoCallerParameter() throws Exception {
        JsonNode description = description();
        List<String> parameters = new ArrayList<>();
        int operations = 0;
        for (JsonNode path : description.get("paths").values()) {
            for (JsonNode operation : path.values()) {
                operations++;
                if (operation.has("parameters")) {
                    operation.get("parameters").values().forEach(p -> parameters.add(p.get("name").asString()));
                }
            }
        }

        assertThat(operations).isGreaterThan(20);
        assertThat(parameters).contains("location_id", "cursor").doesNotContain("caller", "operator");
        assertThat(description.get("components").get("schemas").has("Caller")).isFalse();
        assertThat(description.get("components").get("securitySchemes").get(OpenApiDescription.BEARER).get("scheme")
                .asString()).isEqualTo("bearer");
        assertThat(description.get("security").get(0).has(OpenApiDescription.BEARER)).isTrue();
    }

    private List<String> namesOnTheWire(Object value) {
        return new ArrayList<>(json.readTree(json.writeValueAsString(value)).propertyNames());
    }

    private static List<String> propertiesOf(JsonNode schema) {
        return new ArrayList<>(schema.get("properties").propertyNames());
    }
}
