package dev.parley.delivery.sms;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Twilio's request signature ({@code X-Twilio-Signature}): Base64 of HMAC-SHA1, keyed with the account's
 * auth token, over the full URL followed by each POST parameter's name and value, sorted by name.
 */
public final class TwilioSignature {

    /**
     * Each thread's HMAC-SHA1, keyed anew for every signature: looking the JDK's implementation up for every
     * callback cost as much as keying it, or more (docs/performance.md, thirty-second and thirty-third sessions).
     */
    private static final ThreadLocal<Mac> HMAC_SHA1 = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("HmacSHA1 is on every Java platform", e);
        }
    });

    private TwilioSignature() {}

    public static String compute(String authToken, String url, Map<String, List<String>> params) {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(params).forEach((name, values) -> {
            List<String> sorted = new ArrayList<>(values);
            sorted.sort(null);
            for (String value : sorted) {
                data.append(name).append(value);
            }
        });
        Mac mac = HMAC_SHA1.get();
        try {
            mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("HMAC takes a key of any length", e);
        }
        return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Whether the signature is Twilio's for this request, comparing in constant time. Twilio may sign the
     * URL with or without the scheme's default port, so both forms are accepted.
     */
    public static boolean matches(String authToken, String url, Map<String, List<String>> params, String signature) {
        if (signature == null || signature.isBlank() || authToken == null) {
            return false;
        }
        byte[] given = signature.trim().getBytes(StandardCharsets.US_ASCII);
        if (signs(authToken, url, params, given)) {
            return true;
        }
        // Which of the two forms Twilio signed is no secret: the second is computed only when the first fails, and
        // not at all for a URL whose port is not its scheme's default (it has only one form).
        String other = withOtherPortForm(url);
        return !other.equals(url) && signs(authToken, other, params, given);
    }

    private static boolean signs(String authToken, String url, Map<String, List<String>> params, byte[] given) {
        return MessageDigest.isEqual(compute(authToken, url, params).getBytes(StandardCharsets.US_ASCII), given);
    }

    /** The same URL with the default port written out if it was left out, or left out if it was written. */
    static String withOtherPortForm(String url) {
        int schemeEnd = url.indexOf("://");
        if (schemeEnd < 0) {
            return url;
        }
        String scheme = url.substring(0, schemeEnd).toLowerCase(java.util.Locale.ROOT);
        String defaultPort = scheme.equals("https") ? "443" : scheme.equals("http") ? "80" : null;
        if (defaultPort == null) {
            return url;
        }
        int authorityStart = schemeEnd + 3;
        int authorityEnd = authorityStart;
        while (authorityEnd < url.length() && "/?#".indexOf(url.charAt(authorityEnd)) < 0) {
            authorityEnd++;
        }
        String authority = url.substring(authorityStart, authorityEnd);
        int hostStart = authority.lastIndexOf('@') + 1;
        int colon = authority.lastIndexOf(':');
        boolean hasPort = colon > hostStart && !authority.endsWith("]");
        String changed;
        if (!hasPort) {
            changed = authority + ":" + defaultPort;
        } else if (authority.substring(colon + 1).equals(defaultPort)) {
            changed = authority.substring(0, colon);
        } else {
            return url;
        }
        return url.substring(0, authorityStart) + changed + url.substring(authorityEnd);
    }
}
