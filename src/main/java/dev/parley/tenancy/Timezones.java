package dev.parley.tenancy;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Set;

/** Checks the values people type for a time zone and a country. */
public final class Timezones {

    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    private Timezones() {}

    /** The IANA zone id, or an {@link InvalidInput} naming the field. */
    public static String requireZone(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInput(field, "is required (an IANA time zone such as America/New_York)");
        }
        try {
            return ZoneId.of(value.trim()).getId();
        } catch (DateTimeException e) {
            throw new InvalidInput(field, "'" + value + "' is not an IANA time zone such as America/New_York");
        }
    }

    /** The ISO 3166 two-letter country code, upper case. */
    public static String requireCountry(String field, String value) {
        String code = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
        if (!COUNTRIES.contains(code)) {
            throw new InvalidInput(field, "'" + value + "' is not an ISO 3166 two-letter country code such as US");
        }
        return code;
    }
}
