package dev.parley.delivery.sms;

import dev.parley.addresses.InvalidAddress;
import dev.parley.addresses.PhoneNumber;
import dev.parley.conversations.Attachment;
import dev.parley.delivery.StatusReports;
import dev.parley.tenancy.Location;
import dev.parley.tenancy.Locations;
import dev.parley.tenancy.TenantId;
import dev.parley.web.PublicBaseUrl;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Twilio's webhooks: inbound messages and status callbacks. Each request is checked against its
 * {@code X-Twilio-Signature}, with the auth token of the tenant it names, before anything is written;
 * one that fails answers 403.
 */
@RestController
class TwilioWebhooks {

    static final String MESSAGES_PATH = "/webhooks/twilio/messages";
    static final String STATUS_PATH = "/webhooks/twilio/status";
    private static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";
    private static final Logger log = LoggerFactory.getLogger(TwilioWebhooks.class);

    private final Locations locations;
    private final SmsChannels channels;
    private final InboundSms inbound;
    private final StatusReports reports;
    private final PublicBaseUrl publicUrl;

    TwilioWebhooks(Locations locations, SmsChannels channels, InboundSms inbound, StatusReports reports,
                   PublicBaseUrl publicUrl) {
        this.locations = locations;
        this.channels = channels;
        this.inbound = inbound;
        this.reports = reports;
        this.publicUrl = publicUrl;
    }

    @PostMapping(path = MESSAGES_PATH, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<String> inboundMessage(HttpServletRequest request) {
        Map<String, List<String>> params = formParameters(request);
        Optional<Location> location = e164(first(params, "To"))
                .flatMap(to -> locations.findByAddress("sms", to));
        if (location.isEmpty()) {
            return forbidden("no location has the number " + first(params, "To"));
        }
        TenantId tenant = location.get().tenantId();
        if (first(params, "AccountSid") == null || !authentic(request, params, tenant)) {
            return forbidden("the number " + first(params, "To") + " is not on Twilio account " + first(params, "AccountSid")
                    + ", or the signature is not that account's");
        }
        String sid = first(params, "MessageSid") != null ? first(params, "MessageSid") : first(params, "SmsMessageSid");
        if (sid == null) {
            return ResponseEntity.badRequest().contentType(MediaType.TEXT_PLAIN).body("MessageSid is required");
        }
        inbound.receive(location.get(), new InboundSms.Received(first(params, "From"), first(params, "Body"),
                SmsSettings.TWILIO, sid, media(params)));
        return twiml();
    }

    @PostMapping(path = STATUS_PATH, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<String> statusCallback(HttpServletRequest request) {
        Map<String, List<String>> params = formParameters(request);
        Optional<TenantId> tenant = number(request.getParameter("tenant")).filter(id -> id > 0).map(TenantId::new);
        if (tenant.isEmpty()) {
            return forbidden("no tenant named in the callback URL");
        }
        if (!authentic(request, params, tenant.get())) {
            return forbidden("bad signature");
        }
        String sid = first(params, "MessageSid") != null ? first(params, "MessageSid") : first(params, "SmsSid");
        String status = first(params, "MessageStatus") != null ? first(params, "MessageStatus") : first(params, "SmsStatus");
        if (sid == null || status == null) {
            return ResponseEntity.badRequest().contentType(MediaType.TEXT_PLAIN).body("MessageSid and MessageStatus are required");
        }
        reports.apply(tenant.get(), SmsSettings.TWILIO, sid, number(request.getParameter("message")).orElse(null), status,
                first(params, "ErrorCode"), first(params, "ErrorMessage"));
        return twiml();
    }

    /**
     * Whether the request comes from the tenant's Twilio account, signed with its token: checked against the
     * settings as read recently and, only when that fails, as they are now (the token may have just changed,
     * perhaps through another node).
     */
    private boolean authentic(HttpServletRequest request, Map<String, List<String>> params, TenantId tenant) {
        return authentic(request, params, channels.recentSettings(tenant)) || authentic(request, params, channels.settings(tenant));
    }

    private boolean authentic(HttpServletRequest request, Map<String, List<String>> params, SmsSettings settings) {
        String accountSid = first(params, "AccountSid");
        return settings.isTwilio() && (accountSid == null || settings.accountSid().equals(accountSid))
                && signed(request, params, settings);
    }

    private boolean signed(HttpServletRequest request, Map<String, List<String>> params, SmsSettings settings) {
        String url = publicUrl.of(request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString()));
        return TwilioSignature.matches(settings.authToken(), url, params, request.getHeader("X-Twilio-Signature"));
    }

    /** The POST body's parameters only: Twilio signs those, not the query string's. */
    static Map<String, List<String>> formParameters(HttpServletRequest request) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (request.getQueryString() != null) {
            for (String pair : request.getQueryString().split("&")) {
                if (!pair.isEmpty()) {
                    int eq = pair.indexOf('=');
                    String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                    String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                    query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
                }
            }
        }
        Map<String, List<String>> form = new LinkedHashMap<>();
        request.getParameterMap().forEach((name, values) -> {
            List<String> remaining = new ArrayList<>(Arrays.asList(values));
            query.getOrDefault(name, List.of()).forEach(remaining::remove);
            if (!remaining.isEmpty()) {
                form.put(name, remaining);
            }
        });
        return form;
    }

    private static List<Attachment> media(Map<String, List<String>> params) {
        int count = number(first(params, "NumMedia")).map(Long::intValue).orElse(0);
        List<Attachment> media = new ArrayList<>();
        for (int i = 0; i < Math.min(count, 10); i++) {
            String url = first(params, "MediaUrl" + i);
            if (url != null) {
                media.add(Attachment.media(url, first(params, "MediaContentType" + i)));
            }
        }
        return media;
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static Optional<String> e164(String number) {
        try {
            return Optional.of(new PhoneNumber(number == null ? "" : number.strip()).e164());
        } catch (InvalidAddress e) {
            return Optional.empty();
        }
    }

    private static Optional<Long> number(String text) {
        try {
            return text == null ? Optional.empty() : Optional.of(Long.parseLong(text.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static ResponseEntity<String> twiml() {
        return ResponseEntity.ok().contentType(MediaType.TEXT_XML).body(EMPTY_TWIML);
    }

    private static ResponseEntity<String> forbidden(String why) {
        log.info("Refused a Twilio webhook: {}", why);
        return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.TEXT_PLAIN).body("Forbidden");
    }
}
