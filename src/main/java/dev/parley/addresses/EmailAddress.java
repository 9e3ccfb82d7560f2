package dev.parley.addresses;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An email address, kept as given but compared in lower case. The check is deliberately plain (one @,
 * a dotted domain, no spaces): the mail server is the final judge of deliverability.
 */
public record EmailAddress(String value) {

    private static final Pattern FORMAT = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s.]{2,}$");

    public EmailAddress {
        if (value == null || value.length() > 254 || !FORMAT.matcher(value.trim()).matches()) {
            throw new InvalidAddress("'" + value + "' is not an email address");
        }
        value = value.trim();
    }

    public String normalized() {
        return value.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return value;
    }
}
