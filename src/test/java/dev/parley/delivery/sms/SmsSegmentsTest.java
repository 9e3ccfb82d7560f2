package dev.parley.delivery.sms;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmsSegmentsTest {

    @Test
    void gsm7FitsOneHundredSixtyInOneSegment() {
        assertThat(SmsSegments.of("a".repeat(160))).isEqualTo(new SmsSegments(SmsSegments.GSM_7, 1, 160, 0));
        assertThat(SmsSegments.of("Hi Eric, Glumpy is ready!")).isEqualTo(new SmsSegments(SmsSegments.GSM_7, 1, 25, 135));
    }

    @Test
    void gsm7SplitsAtOneHundredFiftyThreePerSegment() {
        assertThat(SmsSegments.of("a".repeat(161))).isEqualTo(new SmsSegments(SmsSegments.GSM_7, 2, 161, 145));
        assertThat(SmsSegments.of("a".repeat(306))).isEqualTo(new SmsSegments(SmsSegments.GSM_7, 2, 306, 0));
        assertThat(SmsSegments.of("a".repeat(307)).segments()).isEqualTo(3);
    }

    @Test
    void extensionCharactersCountTwiceAndAreNotSplit() {
        assertThat(SmsSegments.of("€".repeat(80))).isEqualTo(new SmsSegments(SmsSegments.GSM_7, 1, 160, 0));
        assertThat(SmsSegments.of("€".repeat(81)).segments()).isEqualTo(2);
        // 152 plain characters and then a two-unit € cannot share the first 153-unit segment.
        SmsSegments split = SmsSegments.of("a".repeat(152) + "€" + "a".repeat(10));
        assertThat(split.segments()).isEqualTo(2);
        assertThat(split.unitsLeft()).isEqualTo(153 - 12);
        assertThat(SmsSegments.of("{}[]~^|\\").units()).isEqualTo(16);
    }

    @Test
    void anyOtherCharacterMakesTheWholeBodyUcs2() {
        assertThat(SmsSegments.of("Café ok ✓")).isEqualTo(new SmsSegments(SmsSegments.UCS_2, 1, 9, 61));
        assertThat(SmsSegments.of("ü".repeat(10)).encoding()).isEqualTo(SmsSegments.GSM_7);
        assertThat(SmsSegments.of("x".repeat(70) + "✓").segments()).isEqualTo(2);
        assertThat(SmsSegments.of("✓".repeat(70))).isEqualTo(new SmsSegments(SmsSegments.UCS_2, 1, 70, 0));
        assertThat(SmsSegments.of("✓".repeat(134))).isEqualTo(new SmsSegments(SmsSegments.UCS_2, 2, 134, 0));
    }

    @Test
    void anEmojiTakesTwoUnitsAndIsNotSplit() {
        assertThat(SmsSegments.of("🐶").units()).isEqualTo(2);
        // 71 units: split into 67-unit parts, and the pair at units 67-68 moves whole to the second part.
        SmsSegments split = SmsSegments.of("a".repeat(66) + "🐶" + "aaa");
        assertThat(split.segments()).isEqualTo(2);
        assertThat(split.unitsLeft()).isEqualTo(67 - 5);
    }

    @Test
    void anEmptyBodyHasNoSegments() {
        assertThat(SmsSegments.of("")).isEqualTo(new SmsSegments(SmsSegments.GSM_7, 0, 0, 160));
    }
}
