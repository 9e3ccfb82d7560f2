package dev.parley.addresses;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A phone number in E.164 form ({@code +15555551234}). {@link #parse} accepts the formats people type,
 * "(555) 555-1234", "555.555.1234", "+1 555 555 1234", reading numbers without a country code in the
 * default region (a location's country).
 *
 * <p>A number is accepted when its length is possible for its country; it is not required to be an
 * assigned number, because the fictional 555 numbers used in examples, demos and tests are not.
 */
public record PhoneNumber(String e164) {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{6,14}$");
    private static final Pattern ALLOWED = Pattern.compile("^[0-9+().\\-\\s/]+$");

    public PhoneNumber {
        if (e164 == null || !E164.matcher(e164).matches()) {
            throw new InvalidAddress("'" + e164 + "' is not an E.164 phone number such as +15555551234");
        }
    }

    public static PhoneNumber parse(String text, String defaultRegion) {
        if (text == null || text.isBlank()) {
            throw new InvalidAddress("a phone number is required");
        }
        String trimmed = text.trim();
        if (!ALLOWED.matcher(trimmed).matches()) {
            throw new InvalidAddress("'" + text + "' is not a phone number: only digits, spaces, + ( ) . - / are allowed");
        }
        try {
            Phonenumber.PhoneNumber number = UTIL.parse(trimmed, defaultRegion);
            if (!UTIL.isPossibleNumber(number)) {
                throw new InvalidAddress("'" + text + "' has the wrong number of digits for a phone number"
                        + (trimmed.startsWith("+") ? "" : " in " + defaultRegion));
            }
            return new PhoneNumber(UTIL.format(number, PhoneNumberFormat.E164));
        } catch (NumberParseException e) {
            throw new InvalidAddress("'" + text + "' is not a phone number");
        }
    }

    /** The number as its own country writes it, e.g. "(555) 555-1234" for a US number. */
    public String national() {
        String known = NATIONAL.get(e164);
        if (known != null) {
            return known;
        }
        String formatted;
        try {
            formatted = UTIL.format(UTIL.parse(e164, null), PhoneNumberFormat.NATIONAL);
        } catch (NumberParseException e) {
            formatted = e164;
        }
        if (NATIONAL.size() >= NATIONAL_KEPT) {
            NATIONAL.clear();
        }
        NATIONAL.put(e164, formatted);
        return formatted;
    }

    /**
     * National forms already written, by E.164 number. libphonenumber parses with a few dozen regular expressions,
     * which was 16% of a vet portal client list's CPU (a number formatted for every row); the same clients' numbers
     * come back page after page. The map starts over when it holds {@value #NATIONAL_KEPT}.
     */
    private static final Map<String, String> NATIONAL = new ConcurrentHashMap<>();
    static final int NATIONAL_KEPT = 10_000;

    /** The digits only, without the plus sign. */
    public String digits() {
        return e164.substring(1);
    }

    @Override
    public String toString() {
        return e164;
    }
}
