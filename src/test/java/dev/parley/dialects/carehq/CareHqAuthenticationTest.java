package dev.parley.dialects.carehq;

import static dev.parley.dialects.carehq.CareHqFixture.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.contacts.Contacts;
import dev.parley.conversations.Conversations;
import dev.parley.testing.Http;
import dev.parley.tenancy.ApiCredential;
import dev.parley.tenancy.ApiCredentials;
import dev.parley.testing.ParleyIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Requests signed by {@link SignedClient}, an implementation of the documented algorithm written apart from
 * Parley's, are served; any change to what was signed, an old or future timestamp, a reused nonce, or the
 * wrong secret or key is refused with 401. Every answer carries the rate-limit headers; too many answer 429.
 */
@ParleyIntegrationTest
class CareHqAuthenticationTest {

    @LocalServerPort
    int port;

    @Autowired
    NonceExpiry expiry;

    @Autowired
    Conversations conversations;

    @Autowired
    Contacts contacts;

    @Autowired
    DSLContext db;

    @Autowired
    ApiCredentials credentials;

    CareHqFixture f;
    SignedClient client;

    @BeforeEach
    void setUp() {
        f = new CareHqFixture(new Http(port), conversations, contacts, db);
        client = f.client;
    }

    @Test
    void aRequestSignedAsDocumentedIsServed() {
        long id = f.message().email("o'brien+carehq@family.example").id();

        Http.Response answer = client.request("GET", "messages")
                .params("sort_by", "-date_time", "filters-q", "O'Brien+CareHQ@", "attributes", "origin",
                        "filters-channel", "sms", "attributes", "content", "filters-channel", "email",
                        "per_page", "5")
                .send();

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(CareHqFixture.ids(answer)).containsExactly(hex(id));
    }

    @Test
    void aRequestWithoutParametersSignsAStringEndingInANewline() {
        long id = f.message().id();
        SignedClient.Request request = client.request("GET", "messages/" + hex(id));

        assertThat(request.stringToSign()).endsWith("\nGET\n/v1/messages/" + hex(id) + "\n");
        Http.Response answer = request.send();
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.json().get("_id").asString()).isEqualTo(hex(id));
    }

    @Test
    void aChangedParameterIsRefused() {
        f.message().id();

        Http.Response changed = client.request("GET", "messages").params("filters-channel", "email")
                .signing("filters-channel", "sms").send();
        Http.Response added = client.request("GET", "messages").params("filters-channel", "sms", "page", "2")
                .signing("filters-channel", "sms").send();
        Http.Response otherPath = client.request("GET", "messages")
                .header("X-CareHQ-Signature", SignedClient.hmac(client.credential().secret(),
                        client.request("GET", "messages/" + hex(1)).nonce("fixed-nonce-1").stringToSign()))
                .nonce("fixed-nonce-1").send();

        for (Http.Response answer : List.of(changed, added, otherPath)) {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(401);
            assertThat(answer.json().get("arg_errors").has("X-CareHQ-Signature")).isTrue();
        }
        assertThat(changed.json().get("hint").asString()).contains("filters-channel=email");
    }

    @Test
    void aTimestampMoreThanFiveMinutesAwayIsRefused() {
        long now = Instant.now().getEpochSecond();

        // 30 s beyond the five minutes, so that a slow machine's seconds between here and the server cannot
        // bring a timestamp back within them.
        Http.Response old = client.request("GET", "messages").timestamp(now - 330).send();
        Http.Response future = client.request("GET", "messages").timestamp(now + 330).send();
        Http.Response skewed = client.request("GET", "messages").timestamp(now - 240).send();
        Http.Response fractional = client.request("GET", "messages").header("X-CareHQ-Timestamp", now + ".25").send();

        for (Http.Response answer : List.of(old, future, fractional)) {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(401);
            assertThat(answer.json().get("arg_errors").has("X-CareHQ-Timestamp")).as(answer.toString()).isTrue();
        }
        assertThat(skewed.status()).as("a clock four minutes off is tolerated").isEqualTo(200);
    }

    @Test
    void aReusedNonceIsRefused() {
        String nonce = SignedClient.nonce();

        Http.Response first = client.request("GET", "messages").nonce(nonce).send();
        Http.Response replayed = client.request("GET", "messages").nonce(nonce).send();
        Http.Response laterWithIt = client.request("GET", "messages").nonce(nonce).params("page", "1")
                .timestamp(Instant.now().getEpochSecond() + 60).send();
        Http.Response fresh = client.request("GET", "messages").send();

        assertThat(first.status()).isEqualTo(200);
        assertThat(replayed.status()).isEqualTo(401);
        assertThat(replayed.json().get("arg_errors").has("X-CareHQ-Nonce")).isTrue();
        assertThat(laterWithIt.status()).isEqualTo(401);
        assertThat(fresh.status()).isEqualTo(200);
    }

    /**
     * A nonce last signed before the clock tolerance is forgotten (its first request would now be refused for its
     * timestamp) and may serve again; the expiry deletes such nonces. Each first use is counted in the credential's
     * window by the statement that records it; a replay is not.
     */
    @Test
    void aNonceIsForgottenOnceItsRequestWouldBeTooOld() {
        SignedClient.Credential mine = client.credential();
        ApiCredential credential = credentials.find("carehq", mine.accountId(), mine.apiKey()).orElseThrow();
        Duration tolerance = Duration.ofMinutes(5);
        Instant first = Instant.parse("2026-01-01T00:00:00Z");
        Instant soonAfter = first.plusSeconds(60);
        Instant later = first.plus(Duration.ofMinutes(10));

        Duration hour = Duration.ofHours(1);

        int counted = credentials.admit(credential, "n-forgotten", first, first.minus(tolerance), hour).orElseThrow().count();
        assertThat(credentials.admit(credential, "n-other", first, first.minus(tolerance), hour))
                .hasValueSatisfying(w -> assertThat(w.count()).isEqualTo(counted + 1));
        assertThat(credentials.admit(credential, "n-forgotten", soonAfter, soonAfter.minus(tolerance), hour)).isEmpty();
        assertThat(credentials.admit(credential, "n-forgotten", later, later.minus(tolerance), hour))
                .hasValueSatisfying(w -> assertThat(w.count()).isEqualTo(counted + 2));
        assertThat(db.fetch("select signed_at from api_credential_nonce where tenant_id = ? and credential_id = ?"
                        + " and nonce = 'n-forgotten'", credential.tenant().value(), credential.id())
                .getValues(0, OffsetDateTime.class))
                .extracting(OffsetDateTime::toInstant).containsExactly(later);

        assertThat(credentials.forgetNoncesSignedBefore(later.minus(tolerance))).isPositive();
        assertThat(db.fetch("select nonce from api_credential_nonce where tenant_id = ? and credential_id = ?",
                credential.tenant().value(), credential.id()).getValues(0, String.class))
                .contains("n-forgotten").doesNotContain("n-other");
    }

    /** The expiry forgets the nonces signed before the clock tolerance, and keeps those a request may still use. */
    @Test
    void theExpiryForgetsNoncesTooOldToBeUsedAgain() {
        SignedClient.Credential mine = client.credential();
        ApiCredential credential = credentials.find("carehq", mine.accountId(), mine.apiKey()).orElseThrow();
        Instant now = Instant.now();
        credentials.admit(credential, "n-stale", now.minus(Duration.ofMinutes(6)), now.minus(Duration.ofHours(1)),
                Duration.ofHours(1));
        credentials.admit(credential, "n-recent", now.minus(Duration.ofMinutes(4)), now.minus(Duration.ofHours(1)),
                Duration.ofHours(1));

        assertThat(expiry.purge()).isPositive();

        assertThat(db.fetch("select nonce from api_credential_nonce where tenant_id = ? and credential_id = ?",
                credential.tenant().value(), credential.id()).getValues(0, String.class))
                .contains("n-recent").doesNotContain("n-stale");
    }

    @Test
    void theSameNonceMayServeTwoCredentials() {
        String nonce = SignedClient.nonce();
        SignedClient second = new SignedClient(f.http, SignedClient.issue(f.http, f.tenant.token()));

        assertThat(client.request("GET", "messages").nonce(nonce).send().status()).isEqualTo(200);
        assertThat(second.request("GET", "messages").nonce(nonce).send().status()).isEqualTo(200);
    }

    @Test
    void aWrongSecretKeyOrAccountIsRefused() {
        CareHqFixture other = new CareHqFixture(f.http, conversations, contacts, db);
        SignedClient.Credential mine = client.credential();

        Http.Response wrongSecret = client.request("GET", "messages").secret(other.client.credential().secret()).send();
        Http.Response unknownKey = client.request("GET", "messages").header("X-CareHQ-APIKey", "0".repeat(32)).send();
        Http.Response othersAccount = client.request("GET", "messages")
                .header("X-CareHQ-AccountId", other.client.credential().accountId()).send();
        Http.Response malformedAccount = client.request("GET", "messages").header("X-CareHQ-AccountId", "acme").send();

        assertThat(wrongSecret.status()).isEqualTo(401);
        assertThat(wrongSecret.json().get("arg_errors").has("X-CareHQ-Signature")).isTrue();
        for (Http.Response answer : List.of(unknownKey, othersAccount, malformedAccount)) {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(401);
            assertThat(answer.json().get("arg_errors").has("X-CareHQ-APIKey")).isTrue();
        }
        assertThat(mine.accountId()).isEqualTo(hex(f.tenant.id()));
    }

    @Test
    void missingHeadersOrAnotherSignatureVersionAreRefused() {
        Http.Response noSignature = client.request("GET", "messages").without("X-CareHQ-Signature")
                .without("X-CareHQ-Nonce").send();
        Http.Response versionOne = client.request("GET", "messages").header("X-CareHQ-Signature-Version", "1.0").send();
        Http.Response bare = f.http.get("/v1/messages", null);

        assertThat(noSignature.status()).isEqualTo(401);
        assertThat(noSignature.json().get("arg_errors").propertyNames())
                .containsExactlyInAnyOrder("X-CareHQ-Signature", "X-CareHQ-Nonce");
        assertThat(versionOne.status()).isEqualTo(401);
        assertThat(versionOne.json().get("arg_errors").has("X-CareHQ-Signature-Version")).isTrue();
        assertThat(bare.status()).isEqualTo(401);
        assertThat(bare.json().get("hint").asString()).contains("X-CareHQ-Signature");
        assertThat(f.http.get("/v1/messages", f.tenant.token()).status()).as("a bearer token is not CareHQ's way").isEqualTo(401);
    }

    @Test
    void aRevokedCredentialIsRefused() {
        assertThat(client.get("messages").status()).isEqualTo(200);

        Http.Response revoked = f.http.delete("/api/v1/credentials/carehq/" + client.credential().id(), f.tenant.token());

        assertThat(revoked.status()).isEqualTo(204);
        assertThat(client.get("messages").status()).isEqualTo(401);
        assertThat(f.http.delete("/api/v1/credentials/carehq/" + client.credential().id(), f.tenant.token()).status())
                .isEqualTo(404);
    }

    /**
     * A node keeps the credentials it has found, so a revocation stored by another node (here, behind this one's
     * back) must still refuse the very next request: the admission reads whether the credential is live.
     */
    @Test
    void aCredentialRevokedElsewhereIsRefusedAtOnce() {
        assertThat(client.get("messages").status()).isEqualTo(200);

        db.execute("update api_credential set revoked_at = now() where tenant_id = ? and credential_id = ?",
                f.tenant.id(), client.credential().id());
        Http.Response refused = client.get("messages");

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().get("arg_errors").propertyNames()).containsExactly("X-CareHQ-APIKey");
        assertThat(db.fetchCount(db.selectFrom("api_credential_nonce").where("tenant_id = ? and credential_id = ?",
                f.tenant.id(), client.credential().id()))).as("only the first request's nonce").isEqualTo(1);
    }

    @Test
    void onlyAnAdminIssuesCredentialsAndTheSecretIsShownOnce() {
        Http.Response byReader = f.http.post("/api/v1/credentials/carehq", f.tenant.tokenWith("read", "write", "send"), null);
        Http.Response anonymous = f.http.post("/api/v1/credentials/carehq", null, null);
        Http.Response issued = f.http.post("/api/v1/credentials/carehq", f.tenant.token(), null);

        assertThat(byReader.status()).isEqualTo(403);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(issued.status()).isEqualTo(201);
        assertThat(issued.json().propertyNames())
                .containsExactlyInAnyOrder("id", "name", "account_id", "api_key", "api_secret", "created_at");
        assertThat(issued.json().get("account_id").asString()).isEqualTo(hex(f.tenant.id()));
        assertThat(issued.json().get("api_secret").asString()).hasSizeGreaterThanOrEqualTo(40)
                .isNotEqualTo(client.credential().secret());
        assertThat(issued.json().get("api_key").asString()).isNotEqualTo(client.credential().apiKey());
        assertThat(f.http.post("/api/v1/credentials/carehq", f.tenant.token(), Map.of("colour", "red")).status())
                .isEqualTo(400);
    }

    @Test
    void everyAnswerCarriesTheRateLimitHeaders() {
        long id = f.message().id();
        List<Http.Response> answers = List.of(
                client.get("messages"),
                client.get("messages/" + hex(id)),
                client.get("messages", "page", "zero"),
                client.get("messages/" + hex(id + 1000)),
                client.get("elsewhere"),
                client.request("GET", "messages").secret("wrong").send(),
                client.request("GET", "messages").header("X-CareHQ-APIKey", "unknown").send(),
                f.http.get("/v1/messages", null));

        assertThat(answers).extracting(Http.Response::status).containsExactly(200, 200, 400, 404, 404, 401, 401, 401);
        for (Http.Response answer : answers) {
            assertThat(answer.header(SignedRequests.LIMIT)).as(answer.toString()).isEqualTo("60");
            assertThat(Integer.parseInt(answer.header(SignedRequests.REMAINING))).isBetween(0, 60);
            assertThat(Long.parseLong(answer.header(SignedRequests.RESET)))
                    .isBetween(Instant.now().getEpochSecond(), Instant.now().getEpochSecond() + 11);
        }
        assertThat(answers.get(1).header(SignedRequests.REMAINING)).isEqualTo("58");
        assertThat(answers.get(4).header(SignedRequests.REMAINING)).isEqualTo("55");
        assertThat(answers.get(5).header(SignedRequests.REMAINING)).as("a refused request is not counted").isEqualTo("55");
        assertThat(answers.get(6).header(SignedRequests.REMAINING)).as("nor is an unknown credential's").isEqualTo("60");
    }

    @Test
    void tooManyRequestsAnswer429UntilTheWindowEnds() {
        List<Http.Response> answers = new ArrayList<>();
        for (int i = 0; i < 61; i++) {
            answers.add(client.get("messages"));
        }

        Http.Response last = answers.get(60);
        assertThat(answers.subList(0, 60)).allSatisfy(a -> assertThat(a.status()).isEqualTo(200));
        assertThat(answers.get(59).header(SignedRequests.REMAINING)).isEqualTo("0");
        assertThat(last.status()).as(last.toString()).isEqualTo(429);
        assertThat(last.header(SignedRequests.REMAINING)).isEqualTo("0");
        assertThat(last.json().get("hint").asString()).contains("Rate limit");
        assertThat(last.json().has("arg_errors")).isTrue();
        assertThat(Long.parseLong(last.header("Retry-After"))).isBetween(1L, 10L);
        SignedClient sameTenantNewKey = new SignedClient(f.http, SignedClient.issue(f.http, f.tenant.token()));
        assertThat(sameTenantNewKey.get("messages").status()).as("the limit is per credential").isEqualTo(200);
    }
}
