package dev.parley.dialects.carehq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** CareHQ's ids: 24 hex characters, zero-padded, read back to the number they stand for. */
class WireTest {

    @Test
    void anIdIsItsNumberInTwentyFourHexDigitsAndReadsBack() {
        for (long id : List.of(1L, 9L, 10L, 255L, 4_096L, 123_456_789L, 1L << 40, Long.MAX_VALUE)) {
            String wire = Wire.id(id);
            assertThat(wire).as("%d", id).isEqualTo(String.format(Locale.ROOT, "%024x", id)).hasSize(24);
            assertThat(Wire.parseId(wire)).hasValue(id);
        }
        assertThat(Wire.id(255L)).isEqualTo("0000000000000000000000ff");
        assertThat(Wire.id(null)).isNull();
    }
}
