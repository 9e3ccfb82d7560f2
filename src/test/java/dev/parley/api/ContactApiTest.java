package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Http;
import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.TestTenant;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@ParleyIntegrationTest
class ContactApiTest {

    @LocalServerPort
    int port;

    @Autowired
    DSLContext db;

    @Value("${parley.max-request-bytes}")
    long maxRequestBytes;

    Http http;
    TestTenant clinic;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        clinic = TestTenant.create(http);
    }

    @Test
    void aClientWithPhonesEmailAndPetsIsCreatedAndReadBack() {
        Http.Response created = http.post("/api/v1/contacts", clinic.token(), Map.of(
                "kind", "client", "first_name", "Eric", "last_name", "Choi", "email", "echoi@example.com",
                "phones", List.of("(555) 555-1234", "555.555.9876"),
                "pets", List.of(Map.of("name", "Glumpy", "species", "dog", "deceased", false),
                        Map.of("name", "Pumpkin", "species", "cat", "deceased", true)),
                "external_id", "PMS-84159"));

        assertThat(created.status()).isEqualTo(201);
        JsonNode contact = http.get("/api/v1/contacts/" + created.json().get("id").asLong(), clinic.token()).json();
        assertThat(contact.get("phones").toString()).isEqualTo("[\"+15555551234\",\"+15555559876\"]");
        assertThat(contact.get("email").asString()).isEqualTo("echoi@example.com");
        assertThat(contact.get("pets").get(1).get("name").asString()).isEqualTo("Pumpkin");
        assertThat(contact.get("pets").get(1).get("deceased").asBoolean()).isTrue();
        assertThat(contact.get("external_id").asString()).isEqualTo("PMS-84159");
    }

    @Test
    void patchChangesOnlyWhatIsGiven() {
        long id = clinic.client("Ann", "Lee", "555-555-0101");

        Http.Response patched = http.patch("/api/v1/contacts/" + id, clinic.token(),
                Map.of("last_name", "Lee-Smith", "pets", List.of(Map.of("name", "Rex"))));

        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().get("first_name").asString()).isEqualTo("Ann");
        assertThat(patched.json().get("last_name").asString()).isEqualTo("Lee-Smith");
        assertThat(patched.json().get("phones").get(0).asString()).isEqualTo("+15555550101");
        assertThat(patched.json().get("pets").get(0).get("name").asString()).isEqualTo("Rex");
    }

    @Test
    void deleteRemovesTheContact() {
        long id = clinic.client("Gone", "Soon", "555-555-0102");

        assertThat(http.delete("/api/v1/contacts/" + id, clinic.token()).status()).isEqualTo(204);
        assertThat(http.get("/api/v1/contacts/" + id, clinic.token()).status()).isEqualTo(404);
        assertThat(http.delete("/api/v1/contacts/" + id, clinic.token()).status()).isEqualTo(404);
    }

    @Test
    void searchFindsByNamePhoneDigitsInAnyFormatAndEmail() {
        long eric = clinic.client("Eric", "Choi", "(555) 555-1234");
        http.post("/api/v1/contacts", clinic.token(), Map.of("kind", "client", "first_name", "Dana",
                "email", "dana.w@example.org"));
        long other = clinic.client("Zed", "Other", "555-555-7777");

        assertThat(ids(search("choi"))).containsExactly(eric);
        assertThat(ids(search("ERIC C"))).containsExactly(eric);
        assertThat(ids(search("555-12"))).containsExactly(eric);
        assertThat(ids(search("(555) 555-1234"))).containsExactly(eric);
        assertThat(ids(search("dana.w@"))).hasSize(1);
        assertThat(ids(search("777"))).containsExactly(other);
        assertThat(ids(search(null))).hasSize(3);
    }

    @Test
    void searchPagesWithACursor() {
        for (int i = 0; i < 5; i++) {
            clinic.client("Page" + i, "Walker", "555-555-02" + (10 + i));
        }
        JsonNode first = http.get("/api/v1/contacts?q=walker&limit=3", clinic.token()).json();
        JsonNode second = http.get("/api/v1/contacts?q=walker&limit=3&cursor=" + first.get("next_cursor").asString(),
                clinic.token()).json();

        assertThat(first.get("items").size()).isEqualTo(3);
        assertThat(second.get("items").size()).isEqualTo(2);
        assertThat(second.get("next_cursor").isNull()).isTrue();
    }

    @Test
    void badFieldsAnswer400NamingEachFieldAndWriteNothing() {
        int before = contacts();

        Http.Response bad = http.post("/api/v1/contacts", clinic.token(), Map.of("kind", "customer",
                "first_name", "A", "phones", List.of("555-555-1234", "not a phone"), "email", "nope",
                "pets", List.of(Map.of("species", "dog"))));

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("kind", "phones[1]", "email", "pets[0].name");
        assertThat(contacts()).isEqualTo(before);
    }

    @Test
    void missingKindMalformedJsonWrongTypesAndUnknownFieldsAreNamed() {
        assertThat(firstField(http.post("/api/v1/contacts", clinic.token(), Map.of("first_name", "A")))).isEqualTo("kind");
        assertThat(firstField(http.post("/api/v1/contacts", clinic.token(), "{\"kind\": \"client\","))).isEqualTo("body");
        assertThat(firstField(http.post("/api/v1/contacts", clinic.token(),
                Map.of("kind", "client", "first_name", "A", "pets", List.of(Map.of("name", "x", "deceased", "maybe"))))))
                .isEqualTo("pets[0].deceased");
        assertThat(firstField(http.post("/api/v1/contacts", clinic.token(),
                Map.of("kind", "client", "first_name", "A", "phone", "555-555-1234")))).isEqualTo("phone");
        assertThat(firstField(http.post("/api/v1/contacts", clinic.token(),
                Map.of("kind", "client", "first_name", "A", "phones", "555-555-1234")))).isEqualTo("phones");
        assertThat(firstField(http.post("/api/v1/contacts", clinic.token(), ""))).isEqualTo("body");
    }

    @Test
    void aDuplicateExternalIdIsAConflict() {
        Map<String, Object> body = Map.of("kind", "patient", "first_name", "A", "external_id", "EXT-1");
        assertThat(http.post("/api/v1/contacts", clinic.token(), body).status()).isEqualTo(201);

        assertThat(http.post("/api/v1/contacts", clinic.token(), body).status()).isEqualTo(409);
    }

    @Test
    void aBodyOverTheLimitAnswers413AndWritesNothing() {
        int before = contacts();
        String huge = "x".repeat(70_000);

        Http.Response tooLarge = http.post("/api/v1/contacts", clinic.token(),
                Map.of("kind", "client", "first_name", huge));

        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(contacts()).isEqualTo(before);
    }

    @Test
    void aBodyWithoutALengthIsCutOffAtTheLimitAndWritesNothing() {
        int before = contacts();
        String name = "x".repeat((int) maxRequestBytes);

        Http.Response tooLarge = http.postWithoutLength("/api/v1/contacts", clinic.token(), "application/json",
                ("{\"kind\":\"client\",\"first_name\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8));

        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.json().get("detail").asString())
                .isEqualTo("The request body is larger than " + maxRequestBytes + " bytes");
        assertThat(contacts()).isEqualTo(before);
    }

    private String firstField(Http.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        return response.json().get("errors").get(0).get("field").asString();
    }

    private JsonNode search(String q) {
        Http.Response response = http.get("/api/v1/contacts" + (q == null ? "" : "?q="
                + java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8)), clinic.token());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get("items");
    }

    private static List<Long> ids(JsonNode items) {
        return items.valueStream().map(i -> i.get("id").asLong()).toList();
    }

    private int contacts() {
        return db.fetchCount(db.selectFrom("contact").where("tenant_id = ?", clinic.id()));
    }
}
