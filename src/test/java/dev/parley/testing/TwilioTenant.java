package dev.parley.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.delivery.sms.TwilioSignature;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A tenant on Twilio (pointed at a {@link FakeTwilio}), and Twilio's side of its webhooks, signed as Twilio signs them. */
public record TwilioTenant(TestTenant tenant, String accountSid, String authToken) {

    /** The public base URL the tests configure (parley.public-base-url). */
    public static final String PUBLIC_BASE = "https://parley.test";

    public static TwilioTenant create(Http http, FakeTwilio twilio) {
        TestTenant tenant = TestTenant.create(http);
        String accountSid = "AC" + String.format("%032x", System.nanoTime());
        String authToken = String.format("%032x", System.nanoTime() * 31);
        Http.Response configured = http.put("/api/v1/channels/sms", tenant.token(), Map.of("provider", "twilio",
                "account_sid", accountSid, "auth_token", authToken, "base_url", twilio.baseUrl()));
        assertThat(configured.status()).as(configured.toString()).isEqualTo(200);
        return new TwilioTenant(tenant, accountSid, authToken);
    }

    /** Posts a webhook as Twilio does: form-encoded, signed over the public URL and the sorted parameters. */
    public Http.Response webhook(Http http, String pathAndQuery, Map<String, String> params) {
        return webhook(http, pathAndQuery, params, TwilioSignature.compute(authToken, PUBLIC_BASE + pathAndQuery, multi(params)));
    }

    public Http.Response webhook(Http http, String pathAndQuery, Map<String, String> params, String signature) {
        return webhook(http, pathAndQuery, params, signature, Map.of());
    }

    /** A signed webhook tagged for a {@link QueryCounter}. */
    public Http.Response taggedWebhook(Http http, String pathAndQuery, Map<String, String> params, String tag) {
        return webhook(http, pathAndQuery, params, TwilioSignature.compute(authToken, PUBLIC_BASE + pathAndQuery, multi(params)),
                Map.of(QueryCounter.HEADER, tag));
    }

    private Http.Response webhook(Http http, String pathAndQuery, Map<String, String> params, String signature,
                                  Map<String, String> moreHeaders) {
        List<String> pairs = new ArrayList<>();
        params.forEach((k, v) -> pairs.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        if (signature != null) {
            headers.put("X-Twilio-Signature", signature);
        }
        headers.putAll(moreHeaders);
        return http.send("POST", pathAndQuery, null, String.join("&", pairs), headers);
    }

    /** An inbound SMS webhook's parameters, as Twilio sends them (with some that Parley does not use). */
    public Map<String, String> inbound(String sid, String from, String body) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("ToCountry", "US");
        params.put("SmsMessageSid", sid);
        params.put("NumMedia", "0");
        params.put("SmsSid", sid);
        params.put("SmsStatus", "received");
        params.put("Body", body);
        params.put("To", tenant.smsNumber());
        params.put("NumSegments", "1");
        params.put("MessageSid", sid);
        params.put("AccountSid", accountSid);
        params.put("From", from);
        params.put("ApiVersion", "2010-04-01");
        return params;
    }

    public static Map<String, List<String>> multi(Map<String, String> params) {
        Map<String, List<String>> multi = new LinkedHashMap<>();
        params.forEach((k, v) -> multi.put(k, List.of(v)));
        return multi;
    }
}
