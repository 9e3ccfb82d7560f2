package dev.parley.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
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
