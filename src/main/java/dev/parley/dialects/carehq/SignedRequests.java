package dev.parley.dialects.carehq;

import dev.parley.tenancy.ApiCredential;
import dev.parley.tenancy.ApiCredentials;
import dev.parley.tenancy.ApiCredentials.RequestWindow;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * Authenticates every request under {@code /v1} as CareHQ does (signature version 2.0), and limits each
 * credential's rate. A request names its credential ({@code X-CareHQ-AccountId}, {@code X-CareHQ-APIKey})
 * and carries {@code X-CareHQ-Timestamp}, {@code X-CareHQ-Nonce} and {@code X-CareHQ-Signature}: the hex
 * HMAC-SHA256, under the credential's secret, of
 * <pre>timestamp \n nonce \n METHOD \n /v1/path \n canonical parameters</pre>
 * where the canonical parameters are {@code key=value} lines for every parameter (the query for GET, the form
 * otherwise), keys sorted and each key's values sorted, joined by {@code \n}, and empty when there are none.
 * A timestamp more than five minutes away, or a nonce the credential has used before, is refused.
 *
 * <p>Every answer, refusals included, carries {@code X-CareHQ-RateLimit-Limit}, {@code -Remaining} and
 * {@code -Reset} (seconds since the epoch). Requests count once they are authentic; a refused one shows the
 * credential's window as it stands, or a fresh window when the credential is not known.
 */
@Component
class SignedRequests extends OncePerRequestFilter {

    static final String ACCOUNT_ID = "X-CareHQ-AccountId";
    static final String API_KEY = "X-CareHQ-APIKey";
    static final String TIMESTAMP = "X-CareHQ-Timestamp";
    static final String NONCE = "X-CareHQ-Nonce";
    static final String SIGNATURE = "X-CareHQ-Signature";
    static final String SIGNATURE_VERSION = "X-CareHQ-Signature-Version";
    static final String LIMIT = "X-CareHQ-RateLimit-Limit";
    static final String REMAINING = "X-CareHQ-RateLimit-Remaining";
    static final String RESET = "X-CareHQ-RateLimit-Reset";
    static final Duration CLOCK_TOLERANCE = Duration.ofMinutes(5);

    private static final String DIALECT = "carehq";
    private static final Pattern WHOLE_SECONDS = Pattern.compile("^[0-9]{1,12}$");
    private static final Pattern NONCE_FORMAT = Pattern.compile("^[\\x21-\\x7e]{8,128}$");

    private final ApiCredentials credentials;
    private final CareHqProperties properties;
    private final JsonMapper json;

    SignedRequests(ApiCredentials credentials, CareHqProperties properties, JsonMapper json) {
        this.credentials = credentials;
        this.properties = properties;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = pathOf(request);
        return !path.equals("/v1") && !path.startsWith("/v1/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Instant now = Instant.now();
        Map<String, List<String>> missing = new LinkedHashMap<>();
        for (String header : List.of(ACCOUNT_ID, API_KEY, TIMESTAMP, NONCE, SIGNATURE, SIGNATURE_VERSION)) {
            if (isBlank(request.getHeader(header))) {
                missing.put(header, List.of("is required"));
            }
        }
        if (!missing.isEmpty()) {
            refuse(response, fresh(now), HttpStatus.UNAUTHORIZED, CareHqError.of("Sign every request with the headers "
                    + String.join(", ", missing.keySet()) + " (signature version 2.0)", missing));
            return;
        }
        String version = request.getHeader(SIGNATURE_VERSION).strip();
        String timestamp = request.getHeader(TIMESTAMP).strip();
        String nonce = request.getHeader(NONCE).strip();
        if (!version.equals("2.0")) {
            unauthorized(response, fresh(now), SIGNATURE_VERSION, "must be 2.0, not '" + version
                    + "'; update the CareHQ client library");
            return;
        }
        if (!WHOLE_SECONDS.matcher(timestamp).matches()) {
            unauthorized(response, fresh(now), TIMESTAMP, "must be the time in whole seconds since the epoch");
            return;
        }
        if (!NONCE_FORMAT.matcher(nonce).matches()) {
            unauthorized(response, fresh(now), NONCE, "must be 8 to 128 printable characters, new for every request");
            return;
        }
        Optional<ApiCredential> found = credentials.find(DIALECT, request.getHeader(ACCOUNT_ID).strip(),
                request.getHeader(API_KEY).strip());
        if (found.isEmpty()) {
            unauthorized(response, fresh(now), API_KEY, "is not a live API key of this account");
            return;
        }
        ApiCredential credential = found.get();
        String signed = stringToSign(timestamp, nonce, request);
        if (!credentials.signatureMatches(credential, signed.getBytes(StandardCharsets.UTF_8),
                request.getHeader(SIGNATURE).strip())) {
            unauthorized(response, current(credential, now), SIGNATURE, "does not match the request; the string signed"
                    + " must be " + json.writeValueAsString(signed) + ", signed with HMAC-SHA256 and the API secret"
                    + " and written in lower-case hex");
            return;
        }
        Instant signedAt = Instant.ofEpochSecond(Long.parseLong(timestamp));
        if (Duration.between(signedAt, now).abs().compareTo(CLOCK_TOLERANCE) > 0) {
            unauthorized(response, current(credential, now), TIMESTAMP, "is more than 5 minutes away from the server's"
                    + " time (" + now.getEpochSecond() + "); check the client's clock");
            return;
        }
        Optional<RequestWindow> admitted = credentials.admit(credential, nonce, signedAt, now.minus(CLOCK_TOLERANCE),
                properties.rateWindow());
        if (admitted.isEmpty()) {
            if (credentials.isLive(credential)) {
                unauthorized(response, current(credential, now), NONCE,
                        "has been used before; every request needs a new one");
            } else {
                unauthorized(response, fresh(now), API_KEY, "is not a live API key of this account");
            }
            return;
        }
        RequestWindow window = admitted.get();
        Allowance allowance = allowance(window);
        if (window.count() > properties.rateLimit()) {
            response.setHeader(HttpHeaders.RETRY_AFTER,
                    Long.toString(Math.max(1, allowance.reset() - (long) Math.ceil(System.currentTimeMillis() / 1000.0))));
            refuse(response, allowance, HttpStatus.TOO_MANY_REQUESTS, CareHqError.of("Rate limit exceeded: "
                    + properties.rateLimit() + " requests per " + describe(properties.rateWindow())
                    + "; try again after " + allowance.reset() + " (X-CareHQ-RateLimit-Reset)"));
            return;
        }
        headers(response, allowance);
        request.setAttribute(CareHqCaller.ATTRIBUTE, new CareHqCaller(credential.tenant(), credential.id()));
        chain.doFilter(request, response);
    }

    /**
     * The five parts joined by {@code \n}. The path is the decoded request path; parameters are as the
     * servlet container decoded them (for GET, the query string's alone).
     */
    static String stringToSign(String timestamp, String nonce, HttpServletRequest request) {
        TreeMap<String, String[]> parameters = new TreeMap<>(request.getParameterMap());
        List<String> lines = new ArrayList<>();
        parameters.forEach((key, values) -> {
            String[] sorted = values.clone();
            Arrays.sort(sorted);
            for (String value : sorted) {
                lines.add(key + "=" + value);
            }
        });
        return String.join("\n", timestamp, nonce, request.getMethod().toUpperCase(Locale.ROOT), pathOf(request),
                String.join("\n", lines));
    }

    private static String pathOf(HttpServletRequest request) {
        String uri = request.getRequestURI().substring(request.getContextPath().length());
        return UriUtils.decode(uri, StandardCharsets.UTF_8);
    }

    /** The rate-limit headers' values: the limit, what is left of it, and when the window ends. */
    private record Allowance(int limit, int remaining, long reset) {}

    private Allowance allowance(RequestWindow window) {
        Instant end = window.start().plus(properties.rateWindow());
        return new Allowance(properties.rateLimit(), Math.max(0, properties.rateLimit() - window.count()), ceilSeconds(end));
    }

    private Allowance current(ApiCredential credential, Instant now) {
        return credentials.currentWindow(credential, properties.rateWindow()).map(this::allowance).orElse(fresh(now));
    }

    /** A window not yet begun: the whole limit, ending one window from now. */
    private Allowance fresh(Instant now) {
        return new Allowance(properties.rateLimit(), properties.rateLimit(), ceilSeconds(now.plus(properties.rateWindow())));
    }

    private void unauthorized(HttpServletResponse response, Allowance allowance, String header, String message)
            throws IOException {
        refuse(response, allowance, HttpStatus.UNAUTHORIZED, CareHqError.argument(header, message));
    }

    private void refuse(HttpServletResponse response, Allowance allowance, HttpStatus status, Map<String, Object> body)
            throws IOException {
        headers(response, allowance);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getOutputStream().write(json.writeValueAsBytes(body));
    }

    private static void headers(HttpServletResponse response, Allowance allowance) {
        response.setHeader(LIMIT, Integer.toString(allowance.limit()));
        response.setHeader(REMAINING, Integer.toString(allowance.remaining()));
        response.setHeader(RESET, Long.toString(allowance.reset()));
    }

    /** Whole seconds, rounded up, so that a client waiting until then finds the new window open. */
    private static long ceilSeconds(Instant at) {
        return at.getNano() == 0 ? at.getEpochSecond() : at.getEpochSecond() + 1;
    }

    private static String describe(Duration window) {
        return window.toMillis() % 1000 == 0 ? window.toSeconds() + (window.toSeconds() == 1 ? " second" : " seconds")
                : window.toMillis() + " ms";
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
