package dev.parley.delivery.sms;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The keywords carriers require every sender to honour, recognised only as the whole message, in any
 * case, with any surrounding whitespace.
 */
public final class SmsKeywords {

    /** What a keyword asks for. */
    public enum Kind { OPT_OUT, OPT_IN, HELP }

    private static final Set<String> OPT_OUT = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT",
            "REVOKE", "OPTOUT");
    private static final Set<String> OPT_IN = Set.of("START", "UNSTOP", "YES");
    private static final String HELP = "HELP";

    private SmsKeywords() {}

    /** The keyword this message is, if it is one; {@code keyword} is its canonical upper-case spelling. */
    public record Match(Kind kind, String keyword) {}

    public static Optional<Match> match(String body) {
        if (body == null) {
            return Optional.empty();
        }
        String word = body.strip().toUpperCase(Locale.ROOT);
        if (OPT_OUT.contains(word)) {
            return Optional.of(new Match(Kind.OPT_OUT, word));
        }
        if (OPT_IN.contains(word)) {
            return Optional.of(new Match(Kind.OPT_IN, word));
        }
        return HELP.equals(word) ? Optional.of(new Match(Kind.HELP, word)) : Optional.empty();
    }
}
