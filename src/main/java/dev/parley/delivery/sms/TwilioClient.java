package dev.parley.delivery.sms;

import dev.parley.conversations.Attachment;
import dev.parley.delivery.OutboundMessage;
import dev.parley.delivery.SendOutcome;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Sends SMS and MMS through Twilio's Messages API and sorts its answers: 21610 (unsubscribed), 21211 and
 * 21614 (invalid or not a mobile) and other 4xx are permanent; 429, 5xx, timeouts and broken connections
 * are transient.
 */
@Component
class TwilioClient {

    private static final Set<String> INVALID_NUMBER = Set.of("21211", "21614");
    private static final String UNSUBSCRIBED = "21610";

    /** Connections to Twilio at most: above the calls the delivery workers make at once (4 × 50 by default). */
    private static final int MAX_CONNECTIONS = 256;
    private static final ContentType FORM = ContentType.create("application/x-www-form-urlencoded");

    /**
     * The threads that wait for Twilio, one blocking call each, kept for reuse: each does its call's I/O itself on
     * a pooled kept-alive connection. The JDK's {@code HttpClient} handed every request and answer between its
     * selector thread and its executor, which cost about a tenth of Parley's CPU per message sent; and its
     * {@code sendAsync} handed every answer to CompletableFuture's default executor, which on a server of one or
     * two cores starts a thread per task (docs/performance.md, docs/adr/0027).
     */
    private final ExecutorService calls = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "twilio-call");
        thread.setDaemon(true);
        return thread;
    });
    private final CloseableHttpClient http;
    private final ObjectMapper json;
    private final Duration timeout;
    private volatile boolean stopping;

    TwilioClient(ObjectMapper json, @org.springframework.beans.factory.annotation.Value("${parley.sms.twilio-timeout:15s}")
                 Duration timeout) {
        this.json = json;
        this.timeout = timeout;
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(MAX_CONNECTIONS)
                        .setMaxConnPerRoute(MAX_CONNECTIONS)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.ofSeconds(5))
                                .setSocketTimeout(Timeout.of(timeout))
                                .setTimeToLive(TimeValue.ofMinutes(5))
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(Timeout.of(timeout))
                        .setResponseTimeout(Timeout.of(timeout))
                        .build())
                // A POST that may have reached Twilio is not sent again behind the outbox's back: its retries are
                // the outbox's, with their history lines and backoff.
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .build();
    }

    /**
     * Sends one message without waiting for Twilio: the outcome completes when Twilio answers or the timeout
     * passes, and is never exceptional.
     */
    CompletableFuture<SendOutcome> sendAsync(SmsSettings settings, OutboundMessage message, String statusCallback) {
        List<String> form = new ArrayList<>();
        add(form, "To", message.to());
        if (settings.messagingServiceSid() != null) {
            add(form, "MessagingServiceSid", settings.messagingServiceSid());
        } else {
            add(form, "From", message.from());
        }
        add(form, "Body", message.body());
        for (Attachment media : message.media()) {
            if (media.url() != null) {
                add(form, "MediaUrl", media.url());
            }
        }
        add(form, "StatusCallback", statusCallback);
        HttpPost request = new HttpPost(messagesUrl(settings) + ".json");
        request.setHeader("Authorization", basicAuth(settings));
        request.setHeader("Accept", "application/json");
        request.setEntity(new ByteArrayEntity(String.join("&", form).getBytes(StandardCharsets.UTF_8), FORM));
        return CompletableFuture.supplyAsync(() -> call(request), calls);
    }

    /** What Twilio's record of a message says of it now: its status and, once it failed, the error. */
    record Report(String status, String errorCode, String errorMessage) {}

    /**
     * Twilio's record of a message it took (a GET of the message), for when its status callback never came; empty
     * when Twilio could not be reached, did not answer 200, or answered without a status.
     */
    Optional<Report> fetch(SmsSettings settings, String sid) {
        HttpGet request = new HttpGet(messagesUrl(settings) + "/" + URLEncoder.encode(sid, StandardCharsets.UTF_8)
                + ".json");
        request.setHeader("Authorization", basicAuth(settings));
        request.setHeader("Accept", "application/json");
        try {
            Answer answer = http.execute(request, TwilioClient::answer);
            JsonNode body = answer.status() == 200 ? parse(answer.body()) : null;
            String status = text(body, "status");
            return status == null ? Optional.empty()
                    : Optional.of(new Report(status, text(body, "error_code"), text(body, "error_message")));
        } catch (IOException | RuntimeException unreachable) {
            return Optional.empty();
        }
    }

    private static String messagesUrl(SmsSettings settings) {
        return settings.apiBaseUrl() + "/2010-04-01/Accounts/" + settings.accountSid() + "/Messages";
    }

    private static String basicAuth(SmsSettings settings) {
        return "Basic " + Base64.getEncoder().encodeToString(
                (settings.accountSid() + ":" + settings.authToken()).getBytes(StandardCharsets.UTF_8));
    }

    /** Twilio's answer, read whole before its connection goes back to the pool. */
    private record Answer(int status, String body, Optional<String> retryAfter) {}

    private SendOutcome call(HttpPost request) {
        try {
            return outcome(http.execute(request, TwilioClient::answer));
        } catch (IOException | RuntimeException e) {
            return stopping ? new SendOutcome.Transient("interrupted", "Parley was stopping before Twilio answered", null)
                    : failure(e);
        }
    }

    private static Answer answer(ClassicHttpResponse response) throws IOException {
        Header retryAfter = response.getFirstHeader("Retry-After");
        String body;
        try {
            body = response.getEntity() == null ? null : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
        } catch (org.apache.hc.core5.http.ParseException unreadable) {
            body = null;
        }
        return new Answer(response.getCode(), body, Optional.ofNullable(retryAfter).map(Header::getValue));
    }

    @PreDestroy
    void stop() {
        stopping = true;
        calls.shutdownNow();
        http.close(CloseMode.IMMEDIATE);
    }

    private SendOutcome failure(Exception error) {
        if (error instanceof SocketTimeoutException) {
            return new SendOutcome.Transient("timeout", "Twilio did not answer within " + timeout.toSeconds() + " s", null);
        }
        if (error instanceof IOException) {
            return new SendOutcome.Transient("network", "Could not reach Twilio: " + error.getMessage(), null);
        }
        return new SendOutcome.Transient("error", "Unexpected error calling Twilio: " + error, null);
    }

    private SendOutcome outcome(Answer answer) {
        int status = answer.status();
        JsonNode body = parse(answer.body());
        if (status >= 200 && status < 300) {
            String sid = text(body, "sid");
            if (sid == null) {
                return new SendOutcome.Transient("bad_answer", "Twilio accepted the message but gave no sid", null);
            }
            return new SendOutcome.Accepted(SmsSettings.TWILIO, sid, text(body, "status"));
        }
        String code = text(body, "code");
        String reason = text(body, "message");
        String described = "Twilio answered " + status + (code == null ? "" : " (error " + code + ")")
                + (reason == null ? "" : ": " + reason);
        if (status == 429 || status >= 500) {
            return new SendOutcome.Transient(code != null ? code : Integer.toString(status), described,
                    answer.retryAfter().flatMap(TwilioClient::retryAfter).orElse(null));
        }
        if (UNSUBSCRIBED.equals(code)) {
            return new SendOutcome.Permanent(code, "The recipient has unsubscribed (replied STOP): " + described, true);
        }
        if (INVALID_NUMBER.contains(code)) {
            return new SendOutcome.Permanent(code, "Not a valid mobile number: " + described, false);
        }
        return new SendOutcome.Permanent(code != null ? code : Integer.toString(status), described, false);
    }

    /** Retry-After in seconds or as an HTTP date. */
    private static Optional<Duration> retryAfter(String value) {
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim()))));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException neither) {
                return Optional.empty();
            }
        }
    }

    private JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? null : json.readTree(body);
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body == null ? null : body.get(field);
        return node == null || node.isNull() ? null : node.asString();
    }

    private static void add(List<String> form, String name, String value) {
        form.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
}
