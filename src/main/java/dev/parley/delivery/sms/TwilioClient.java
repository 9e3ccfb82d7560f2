package dev.parley.delivery.sms;

import dev.parley.conversations.Attachment;
import dev.parley.delivery.OutboundMessage;
import dev.parley.delivery.SendOutcome;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /**
     * The threads that wait for Twilio, one blocking call each, kept for reuse. {@link HttpClient#sendAsync}
     * hands every answer on to CompletableFuture's default executor, which on a server of one or two cores
     * starts a new thread for each task: a thread per message sent, which cost about a quarter of Parley's CPU
     * per message in the send benchmark (docs/performance.md).
     */
    private final ExecutorService calls = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "twilio-call");
        thread.setDaemon(true);
        return thread;
    });
    private final ObjectMapper json;
    private final Duration timeout;

    TwilioClient(ObjectMapper json, @org.springframework.beans.factory.annotation.Value("${parley.sms.twilio-timeout:15s}")
                 Duration timeout) {
        this.json = json;
        this.timeout = timeout;
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
        String credentials = Base64.getEncoder().encodeToString(
                (settings.accountSid() + ":" + settings.authToken()).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(settings.apiBaseUrl() + "/2010-04-01/Accounts/"
                        + settings.accountSid() + "/Messages.json"))
                .timeout(timeout)
                .header("Authorization", "Basic " + credentials)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(String.join("&", form)))
                .build();
        return CompletableFuture.supplyAsync(() -> call(request), calls);
    }

    private SendOutcome call(HttpRequest request) {
        try {
            return outcome(http.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SendOutcome.Transient("interrupted", "Parley was stopping before Twilio answered", null);
        } catch (IOException | RuntimeException e) {
            return failure(e);
        }
    }

    @PreDestroy
    void stop() {
        calls.shutdownNow();
    }

    private SendOutcome failure(Exception error) {
        if (error instanceof HttpTimeoutException) {
            return new SendOutcome.Transient("timeout", "Twilio did not answer within " + timeout.toSeconds() + " s", null);
        }
        if (error instanceof IOException) {
            return new SendOutcome.Transient("network", "Could not reach Twilio: " + error.getMessage(), null);
        }
        return new SendOutcome.Transient("error", "Unexpected error calling Twilio: " + error, null);
    }

    private SendOutcome outcome(HttpResponse<String> response) {
        int status = response.statusCode();
        JsonNode body = parse(response.body());
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
                    retryAfter(response).orElse(null));
        }
        if (UNSUBSCRIBED.equals(code)) {
            return new SendOutcome.Permanent(code, "The recipient has unsubscribed (replied STOP): " + described, true);
        }
        if (INVALID_NUMBER.contains(code)) {
            return new SendOutcome.Permanent(code, "Not a valid mobile number: " + described, false);
        }
        return new SendOutcome.Permanent(code != null ? code : Integer.toString(status), described, false);
    }

    private static java.util.Optional<Duration> retryAfter(HttpResponse<String> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            try {
                return java.util.Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim()))));
            } catch (NumberFormatException notSeconds) {
                try {
                    ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                    Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
                    return java.util.Optional.of(wait.isNegative() ? Duration.ZERO : wait);
                } catch (DateTimeParseException neither) {
                    return java.util.Optional.empty();
                }
            }
        });
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
