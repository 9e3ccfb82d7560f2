package dev.parley.delivery.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TwilioSignatureTest {

    private static final String TOKEN = "12345";
    private static final Map<String, List<String>> PARAMS = Map.of(
            "CallSid", List.of("CA1234567890ABCDE"),
            "Caller", List.of("+14158675309"),
            "Digits", List.of("1234"),
            "From", List.of("+14158675309"),
            "To", List.of("+18005551212"));

    @Test
    void matchesTwiliosPublishedVector() {
        assertThat(TwilioSignature.compute(TOKEN, "https://mycompany.com/myapp.php?foo=1&bar=2", PARAMS))
                .isEqualTo("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
    }

    @Test
    void matchesTwiliosPublishedVectorWithTheDefaultPort() {
        assertThat(TwilioSignature.compute(TOKEN, "https://mycompany.com:443/myapp.php?foo=1&bar=2", PARAMS))
                .isEqualTo("kvajT1Ptam85bY51eRf/AJRuM3w=");
    }

    @Test
    void acceptsTheUrlWithAndWithoutTheDefaultPort() {
        assertThat(TwilioSignature.matches(TOKEN, "https://mycompany.com/myapp.php?foo=1&bar=2", PARAMS,
                "kvajT1Ptam85bY51eRf/AJRuM3w=")).isTrue();
        assertThat(TwilioSignature.matches(TOKEN, "https://mycompany.com:443/myapp.php?foo=1&bar=2", PARAMS,
                "RSOYDt4T1cUTdK1PDd93/VVr8B8=")).isTrue();
    }

    @Test
    void refusesAWrongMissingOrOtherwiseKeyedSignature() {
        String url = "https://mycompany.com/myapp.php?foo=1&bar=2";
        assertThat(TwilioSignature.matches(TOKEN, url, PARAMS, "RSOYDt4T1cUTdK1PDd93/VVr8B9=")).isFalse();
        assertThat(TwilioSignature.matches(TOKEN, url, PARAMS, null)).isFalse();
        assertThat(TwilioSignature.matches(TOKEN, url, PARAMS, "")).isFalse();
        assertThat(TwilioSignature.matches("54321", url, PARAMS, "RSOYDt4T1cUTdK1PDd93/VVr8B8=")).isFalse();
        assertThat(TwilioSignature.matches(TOKEN, url + "&baz=3", PARAMS, "RSOYDt4T1cUTdK1PDd93/VVr8B8=")).isFalse();
    }

    @Test
    void writesOutOrLeavesOutTheDefaultPortOnly() {
        assertThat(TwilioSignature.withOtherPortForm("https://a.example/x?y=1")).isEqualTo("https://a.example:443/x?y=1");
        assertThat(TwilioSignature.withOtherPortForm("https://a.example:443/x")).isEqualTo("https://a.example/x");
        assertThat(TwilioSignature.withOtherPortForm("http://a.example/x")).isEqualTo("http://a.example:80/x");
        assertThat(TwilioSignature.withOtherPortForm("http://a.example:8080/x")).isEqualTo("http://a.example:8080/x");
        assertThat(TwilioSignature.withOtherPortForm("https://a.example")).isEqualTo("https://a.example:443");
    }
}
