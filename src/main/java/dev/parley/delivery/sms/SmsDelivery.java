package dev.parley.delivery.sms;

import dev.parley.conversations.Channel;
import dev.parley.delivery.DeliveryChannel;
import dev.parley.delivery.OutboundMessage;
import dev.parley.delivery.SendOutcome;
import dev.parley.web.PublicBaseUrl;
import org.springframework.stereotype.Component;

/** The SMS channel: each message goes through its tenant's provider, Twilio or the simulator. */
@Component
class SmsDelivery implements DeliveryChannel {

    private final SmsChannels channels;
    private final TwilioClient twilio;
    private final SimulatorChannel simulator;
    private final PublicBaseUrl publicUrl;

    SmsDelivery(SmsChannels channels, TwilioClient twilio, SimulatorChannel simulator, PublicBaseUrl publicUrl) {
        this.channels = channels;
        this.twilio = twilio;
        this.simulator = simulator;
        this.publicUrl = publicUrl;
    }

    @Override
    public Channel medium() {
        return Channel.SMS;
    }

    @Override
    public SendOutcome send(OutboundMessage message) {
        SmsSettings settings = channels.settings(message.tenant());
        if (!settings.isTwilio()) {
            return simulator.send(message);
        }
        return twilio.send(settings, message, publicUrl.of(TwilioWebhooks.STATUS_PATH + "?tenant="
                + message.tenant().value() + "&message=" + message.messageId()));
    }
}
