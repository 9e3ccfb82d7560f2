package dev.parley.delivery.sms;

/**
 * A tenant's SMS provider: the built-in simulator, or a Twilio account (with an optional messaging
 * service, and the API's base URL, which a Twilio-compatible gateway or a test may change).
 */
public record SmsSettings(String provider, String accountSid, String authToken, String messagingServiceSid,
                          String baseUrl) {

    public static final String SIMULATOR = "simulator";
    public static final String TWILIO = "twilio";
    public static final String TWILIO_API = "https://api.twilio.com";

    public static SmsSettings simulator() {
        return new SmsSettings(SIMULATOR, null, null, null, null);
    }

    public boolean isTwilio() {
        return TWILIO.equals(provider);
    }

    public String apiBaseUrl() {
        return baseUrl == null ? TWILIO_API : baseUrl;
    }

    /** Never shows the auth token. */
    @Override
    public String toString() {
        return "SmsSettings[provider=" + provider + ", accountSid=" + accountSid + ", messagingServiceSid="
                + messagingServiceSid + ", baseUrl=" + baseUrl + "]";
    }
}
