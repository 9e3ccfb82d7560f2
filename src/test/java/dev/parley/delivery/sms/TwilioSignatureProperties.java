package dev.parley.delivery.sms;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.security.RequestValidator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Parley's signature agrees with the official Twilio Java SDK's {@code RequestValidator} on random requests. */
class TwilioSignatureProperties {

    @Provide
    Arbitrary<String> tokens() {
        return Arbitraries.strings().withCharRange('0', '9').withCharRange('a', 'f').ofLength(32);
    }

    @Provide
    Arbitrary<String> urls() {
        Arbitrary<String> host = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> path = Arbitraries.strings().withCharRange('a', 'z').withChars('/', '-', '_', '.').ofMaxLength(20);
        Arbitrary<String> query = Arbitraries.strings().alpha().numeric().withChars('=', '&').ofMaxLength(20);
        return net.jqwik.api.Combinators.combine(Arbitraries.of("https", "http"), host, path, query)
                .as((scheme, h, p, q) -> scheme + "://" + h + ".example/" + p + (q.isEmpty() ? "" : "?" + q));
    }

    @Provide
    Arbitrary<Map<String, String>> params() {
        Arbitrary<String> keys = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> values = Arbitraries.strings().all().ofMaxLength(40)
                .filter(v -> v.chars().noneMatch(c -> Character.isSurrogate((char) c)));
        return Arbitraries.maps(keys, values).ofMaxSize(8);
    }

    @Property(tries = 300)
    void agreesWithTheTwilioSdk(@ForAll("tokens") String token, @ForAll("urls") String url,
                                @ForAll("params") Map<String, String> params) {
        Map<String, List<String>> multi = new LinkedHashMap<>();
        params.forEach((k, v) -> multi.put(k, List.of(v)));
        String ours = TwilioSignature.compute(token, url, multi);
        RequestValidator twilio = new RequestValidator(token);

        assertThat(twilio.validate(url, params, ours)).isTrue();
        assertThat(TwilioSignature.matches(token, url, multi, ours)).isTrue();
        assertThat(twilio.validate(url + "x", params, ours)).isFalse();
    }
}
