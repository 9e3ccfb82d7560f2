package dev.parley.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.query.Expr.Compare;
import dev.parley.query.Expr.Literal;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever text arrives, the parser answers a tree or a {@link QueryError}: nothing else, at any depth. */
class ODataParserProperties {

    @Provide
    Arbitrary<String> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(300).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<String> nearlyValid() {
        Arbitrary<String> pieces = Arbitraries.of("Id", "Name", "eq", "ne", "gt", "and", "or", "(", ")", "'x'", "''", "'",
                "2022-10-25T21:00:00Z", "12", "-", "startswith(", "endswith(", ",", "null", "true", " ", "  ");
        return pieces.list().ofMaxSize(60).map(list -> String.join(" ", list));
    }

    @Property(tries = 500)
    void randomBytesGiveATreeOrAQueryError(@ForAll("bytes") String text) {
        assertParsesOrRefuses(text);
    }

    @Property(tries = 1000)
    void nearlyValidTextGivesATreeOrAQueryError(@ForAll("nearlyValid") String text) {
        assertParsesOrRefuses(text);
    }

    @Property(tries = 50)
    void deepNestingIsRefusedNotOverflowed(@ForAll("depths") int depth) {
        assertParsesOrRefuses("(".repeat(depth) + "Id eq 1" + ")".repeat(depth));
    }

    @Provide
    Arbitrary<Integer> depths() {
        return Arbitraries.integers().between(1, 100_000);
    }

    /**
     * Datetimes in the pattern's shape, their fields often out of range (month 13, day 39, hour 29, minute 69,
     * offset 24 hours): the parser reads the same instant as {@code java.time}'s ISO parsers, or refuses when
     * they do.
     */
    @Property(tries = 3000)
    void datetimesAreReadAsJavaTimeReadsThem(@ForAll("datetimes") String literal) {
        Optional<Instant> expected = javaTime(literal);
        try {
            Compare compare = (Compare) ODataParser.parseFilter("CreatedDateTime eq " + literal);
            assertThat(expected).contains(((Literal.DateTime) compare.value()).value());
        } catch (QueryError refused) {
            assertThat(expected).isEmpty();
            assertThat(refused.getMessage()).contains("not a valid datetime");
        }
    }

    @Provide
    Arbitrary<String> datetimes() {
        Arbitrary<String> date = Combinators.combine(digits(0, 9999, 4), digits(0, 13, 2), digits(0, 32, 2))
                .as((y, m, d) -> y + "-" + m + "-" + d);
        Arbitrary<String> fraction = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(9).map(f -> "." + f);
        Arbitrary<String> seconds = Combinators.combine(digits(0, 61, 2), fraction.injectNull(0.5))
                .as((s, f) -> ":" + s + (f == null ? "" : f));
        Arbitrary<String> offset = Combinators.combine(Arbitraries.of("+", "-"), digits(0, 24, 2),
                        Arbitraries.of(":", ""), digits(0, 61, 2))
                .as((sign, h, colon, m) -> sign + h + colon + m);
        Arbitrary<String> zone = Arbitraries.oneOf(Arbitraries.just("Z"), offset).injectNull(0.3);
        Arbitrary<String> time = Combinators.combine(digits(0, 25, 2), digits(0, 61, 2), seconds.injectNull(0.3), zone)
                .as((h, m, s, z) -> "T" + h + ":" + m + (s == null ? "" : s) + (z == null ? "" : z));
        return Combinators.combine(date, time.injectNull(0.2)).as((d, t) -> d + (t == null ? "" : t));
    }

    private static Arbitrary<String> digits(int min, int max, int width) {
        return Arbitraries.integers().between(min, max).map(n -> String.format("%0" + width + "d", n));
    }

    /** What {@code java.time}'s ISO parsers read: a date alone, or a datetime with its offset (UTC if none). */
    private static Optional<Instant> javaTime(String literal) {
        try {
            if (literal.length() == 10) {
                return Optional.of(LocalDate.parse(literal).atStartOfDay(ZoneOffset.UTC).toInstant());
            }
            String text = literal.matches(".*[+-]\\d{4}$")
                    ? literal.substring(0, literal.length() - 2) + ":" + literal.substring(literal.length() - 2) : literal;
            if (!text.endsWith("Z") && !text.matches(".*[+-]\\d{2}:\\d{2}$")) {
                text = text + "Z";
            }
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static void assertParsesOrRefuses(String text) {
        try {
            assertThat(ODataParser.parseFilter(text)).isNotNull();
        } catch (QueryError expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
        try {
            assertThat(ODataParser.parseOrderBy(text)).isNotEmpty();
        } catch (QueryError expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
