package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/** The hand-written instant text is ISO_INSTANT's, for every instant it writes, and it writes every 0000–9999 one. */
class IsoInstantJsonProperties {

    private static final long YEAR_0 = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long YEAR_10000 = Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond();

    @Property(tries = 5000)
    void writesWhatIsoInstantWrites(@ForAll @LongRange(min = -70_000_000_000L, max = 260_000_000_000L) long seconds,
                                    @ForAll("nanos") int nano) {
        Instant instant = Instant.ofEpochSecond(seconds, nano);
        char[] text = new char[IsoInstantJson.LONGEST_TEXT];
        int length = IsoInstantJson.format(instant, text);
        if (seconds >= YEAR_0 && seconds < YEAR_10000) {
            assertThat(new String(text, 0, length)).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(instant));
        } else {
            assertThat(length).isEqualTo(-1);
        }
    }

    @Example
    void theEdgesOfTheYearsItWrites() {
        for (String iso : new String[] {"0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
                "1970-01-01T00:00:00Z", "2024-02-29T23:59:00.100Z", "2026-11-27T05:33:35.000001Z"}) {
            char[] text = new char[IsoInstantJson.LONGEST_TEXT];
            assertThat(new String(text, 0, IsoInstantJson.format(Instant.parse(iso), text))).isEqualTo(iso);
        }
    }

    /** Whole seconds, milliseconds, microseconds (PostgreSQL's precision) and nanoseconds, all likely. */
    @Provide
    Arbitrary<Integer> nanos() {
        return Arbitraries.oneOf(Arbitraries.just(0),
                Arbitraries.integers().between(0, 999).map(ms -> ms * 1_000_000),
                Arbitraries.integers().between(0, 999_999).map(us -> us * 1_000),
                Arbitraries.integers().between(0, 999_999_999));
    }
}
