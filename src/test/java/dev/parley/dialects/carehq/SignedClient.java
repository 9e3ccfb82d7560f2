package dev.parley.dialects.carehq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Http;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A CareHQ client written here from the documented algorithm (signature version 2.0), independently of
 * Parley's own code: it signs {@code timestamp \n nonce \n METHOD \n /v1/path \n key=value lines}, keys
 * sorted and each key's values sorted, with HMAC-SHA256 under the API secret, in lower-case hex. Each part of
 * a request can be spoiled on purpose to show what Parley refuses.
 */
final class SignedClient {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** An API credential as {@code POST /api/v1/credentials/carehq} issues it. */
    record Credential(long id, String accountId, String apiKey, String secret) {}

    private final Http http;
    private final Credential credential;

    SignedClient(Http http, Credential credential) {
        this.http = http;
        this.credential = credential;
    }

    static Credential issue(Http http, String adminToken) {
        Http.Response issued = http.post("/api/v1/credentials/carehq", adminToken, Map.of("name", "CRM sync"));
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        var json = issued.json();
        return new Credential(json.get("id").asLong(), json.get("account_id").asString(), json.get("api_key").asString(),
                json.get("api_secret").asString());
    }

    Credential credential() {
        return credential;
    }

    /** A GET of {@code /v1/<path>} with these parameters, in the order given: key, value, key, value... */
    Http.Response get(String path, String... keysAndValues) {
        return request("GET", path).params(keysAndValues).send();
    }

    Request request(String method, String path) {
        return new Request(method, path);
    }

    /** One request, signed as documented unless told otherwise. */
    final class Request {
        private final String method;
        private final String path;
        private final List<String[]> sent = new ArrayList<>();
        private List<String[]> signed;
        private String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        private String nonce = SignedClient.nonce();
        private String secret = credential.secret();
        private final Map<String, String> headers = new LinkedHashMap<>();
        private final List<String> left = new ArrayList<>();

        private Request(String method, String path) {
            this.method = method;
            this.path = path;
        }

        Request params(String... keysAndValues) {
            for (int i = 0; i < keysAndValues.length; i += 2) {
                sent.add(new String[] {keysAndValues[i], keysAndValues[i + 1]});
            }
            return this;
        }

        /** Signs these parameters instead of the ones sent. */
        Request signing(String... keysAndValues) {
            signed = new ArrayList<>();
            for (int i = 0; i < keysAndValues.length; i += 2) {
                signed.add(new String[] {keysAndValues[i], keysAndValues[i + 1]});
            }
            return this;
        }

        Request timestamp(long epochSeconds) {
            this.timestamp = Long.toString(epochSeconds);
            return this;
        }

        Request nonce(String nonce) {
            this.nonce = nonce;
            return this;
        }

        Request secret(String secret) {
            this.secret = secret;
            return this;
        }

        /** Sends this header instead of the one the client would send. */
        Request header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        Request without(String header) {
            left.add(header);
            return this;
        }

        String stringToSign() {
            TreeMap<String, List<String>> byKey = new TreeMap<>();
            for (String[] pair : signed == null ? sent : signed) {
                byKey.computeIfAbsent(pair[0], k -> new ArrayList<>()).add(pair[1]);
            }
            List<String> lines = new ArrayList<>();
            byKey.forEach((key, values) -> values.stream().sorted().forEach(v -> lines.add(key + "=" + v)));
            return timestamp + "\n" + nonce + "\n" + method + "\n/v1/" + path + "\n" + String.join("\n", lines);
        }

        Http.Response send() {
            Map<String, String> all = new LinkedHashMap<>();
            all.put("Accept", "application/json");
            all.put("X-CareHQ-AccountId", credential.accountId());
            all.put("X-CareHQ-APIKey", credential.apiKey());
            all.put("X-CareHQ-Nonce", nonce);
            all.put("X-CareHQ-Signature", hmac(secret, stringToSign()));
            all.put("X-CareHQ-Signature-Version", "2.0");
            all.put("X-CareHQ-Timestamp", timestamp);
            all.putAll(headers);
            left.forEach(all::remove);
            StringBuilder query = new StringBuilder();
            for (String[] pair : sent) {
                query.append(query.isEmpty() ? '?' : '&').append(URLEncoder.encode(pair[0], StandardCharsets.UTF_8))
                        .append('=').append(URLEncoder.encode(pair[1], StandardCharsets.UTF_8));
            }
            return http.send(method, "/v1/" + path + query, null, null, all);
        }
    }

    static String nonce() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hmac(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
