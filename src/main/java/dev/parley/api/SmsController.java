package dev.parley.api;

import dev.parley.delivery.sms.InboundSms;
import dev.parley.delivery.sms.SmsChannels;
import dev.parley.delivery.sms.SmsSegments;
import dev.parley.delivery.sms.SmsSettings;
import dev.parley.addresses.InvalidAddress;
import dev.parley.addresses.PhoneNumber;
import dev.parley.tenancy.AccessDenied;
import dev.parley.tenancy.Caller;
import dev.parley.tenancy.InvalidInput;
import dev.parley.tenancy.Location;
import dev.parley.tenancy.Locations;
import dev.parley.tenancy.Scope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The SMS channel's settings, segment preview, and the simulator's inbound messages. */
@RestController
@Tag(name = "SMS")
class SmsController {

    private final SmsChannels channels;
    private final Locations locations;
    private final InboundSms inbound;

    SmsController(SmsChannels channels, Locations locations, InboundSms inbound) {
        this.channels = channels;
        this.locations = locations;
        this.inbound = inbound;
    }

    record ChannelBody(String provider, String accountSid, String authToken, String messagingServiceSid, String baseUrl) {}

    /** The settings as shown: the auth token never leaves Parley, only whether one is set. */
    record ChannelView(String provider, String accountSid, String messagingServiceSid, String baseUrl, boolean authTokenSet) {
        static ChannelView of(SmsSettings s) {
            return new ChannelView(s.provider(), s.accountSid(), s.messagingServiceSid(), s.baseUrl(), s.authToken() != null);
        }
    }

    record PreviewBody(String body) {}

    record Preview(String encoding, int segments, int characters, int charactersLeft) {}

    record SimulatedInbound(String from, String to, String body) {}

    record Received(long id, long conversationId, String status) {}

    @Operation(summary = "Choose the SMS provider: Twilio (with its credentials) or the built-in simulator")
    @PutMapping("/api/v1/channels/sms")
    ChannelView configure(Caller caller, @RequestBody ChannelBody body) {
        caller.require(Scope.ADMIN);
        return ChannelView.of(channels.configure(caller.tenant(), new SmsSettings(body.provider(), body.accountSid(),
                body.authToken(), body.messagingServiceSid(), body.baseUrl())));
    }

    @GetMapping("/api/v1/channels/sms")
    ChannelView settings(Caller caller) {
        caller.require(Scope.ADMIN);
        return ChannelView.of(channels.settings(caller.tenant()));
    }

    @Operation(summary = "How a body would be sent: GSM-7 or UCS-2, in how many segments, with how many characters left")
    @PostMapping("/api/v1/messages/preview")
    Preview preview(Caller caller, @RequestBody PreviewBody body) {
        caller.requireAny(Scope.SEND, Scope.READ);
        if (body.body() == null) {
            throw new InvalidInput("body", "is required");
        }
        SmsSegments segments = SmsSegments.of(body.body());
        return new Preview(segments.encoding(), segments.segments(), segments.units(), segments.unitsLeft());
    }

    @Operation(summary = "Simulate an inbound SMS (simulator tenants only); it takes the same path as Twilio's webhook")
    @PostMapping("/api/v1/simulator/inbound")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Received simulateInbound(Caller caller, @RequestBody SimulatedInbound body) {
        caller.require(Scope.ADMIN);
        if (channels.settings(caller.tenant()).isTwilio()) {
            throw new AccessDenied("This tenant sends through Twilio; the simulator is for tenants on the simulator");
        }
        String to = number("to", body.to(), "US");
        Location location = locations.list(caller.tenant()).stream().filter(l -> to.equals(l.smsNumber())).findFirst()
                .orElseThrow(() -> new InvalidInput("to", "no location of this tenant has the number " + body.to()));
        String from = number("from", body.from(), location.country());
        if (body.body() == null) {
            throw new InvalidInput("body", "is required");
        }
        var recorded = inbound.receive(location, new InboundSms.Received(from, body.body(), SmsSettings.SIMULATOR,
                "SIM" + UUID.randomUUID().toString().replace("-", ""), List.of()));
        return new Received(recorded.id(), recorded.conversationId(), recorded.status().wireName());
    }

    private static String number(String field, String text, String region) {
        try {
            return PhoneNumber.parse(text, region).e164();
        } catch (InvalidAddress e) {
            throw new InvalidInput(field, e.getMessage());
        }
    }
}
