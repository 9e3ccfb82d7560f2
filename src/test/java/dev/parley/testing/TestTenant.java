package dev.parley.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.tenancy.TenantId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tenant made through the operator API, with an admin token and one location whose SMS number is
 * unique to the test run. Factories say what each fixture is for.
 */
public record TestTenant(Http http, long id, String token, long locationId, String smsNumber) {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    public static TestTenant create(Http http) {
        int n = SEQUENCE.incrementAndGet();
        String subdomain = "t" + n + "-" + System.nanoTime() % 1_000_000;
        Http.Response tenant = http.post("/api/v1/tenants", Http.OPERATOR_TOKEN,
                Map.of("name", "Clinic " + n, "subdomain", subdomain, "timezone", "America/New_York"));
        assertThat(tenant.status()).as(tenant.toString()).isEqualTo(201);
        long id = tenant.json().get("id").asLong();
        String token = http.post("/api/v1/tenants/" + id + "/tokens", Http.OPERATOR_TOKEN,
                Map.of("name", "admin", "scopes", List.of("admin"))).json().get("token").asString();
        String sms = uniqueNumber();
        Http.Response location = http.post("/api/v1/locations", token, Map.of("name", "Main street",
                "timezone", "America/New_York", "sms_number", sms, "email_address", subdomain + "@clinic.example"));
        assertThat(location.status()).as(location.toString()).isEqualTo(201);
        return new TestTenant(http, id, token, location.json().get("id").asLong(), location.json().get("sms_number").asString());
    }

    public TenantId tenantId() {
        return new TenantId(id);
    }

    /** A token of this tenant with only the given scopes. */
    public String tokenWith(String... scopes) {
        return http.post("/api/v1/tenants/" + id + "/tokens", Http.OPERATOR_TOKEN,
                Map.of("name", "limited", "scopes", List.of(scopes))).json().get("token").asString();
    }

    /** Creates a client with one phone and returns its id. */
    public long client(String firstName, String lastName, String phone) {
        Http.Response created = http.post("/api/v1/contacts", token, Map.of("kind", "client", "first_name", firstName,
                "last_name", lastName, "phones", List.of(phone)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    /** Sends an SMS from the location and returns the answer's JSON id. */
    public Http.Response sendSms(String to, String body) {
        return http.post("/api/v1/messages", token, Map.of("location_id", locationId, "channel", "sms", "to", to,
                "body", body));
    }

    /** A US number in the fictional 555 range, different for every call in this JVM. */
    public static String uniqueNumber() {
        int n = NUMBERS.incrementAndGet();
        if (n % 10_000 == 0) {
            n = NUMBERS.incrementAndGet();
        }
        return String.format("+1555%07d", n);
    }

    private static final AtomicInteger NUMBERS = new AtomicInteger(new java.util.Random().nextInt(4_000_000) + 1_000_000);
}
