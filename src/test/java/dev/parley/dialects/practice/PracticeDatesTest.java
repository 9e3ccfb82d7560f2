package dev.parley.dialects.practice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class PracticeDatesTest {

    @Test
    void aDateAloneIsTheStartOfThatDayInUtc() {
        assertThat(PracticeDates.parse("2020-06-28")).contains(Instant.parse("2020-06-28T00:00:00Z"));
    }

    @Test
    void theDocumentsRecommendedFormWithACompactOffset() {
        assertThat(PracticeDates.parse("2020-06-28T05:13:32+0000")).contains(Instant.parse("2020-06-28T05:13:32Z"));
        assertThat(PracticeDates.parse("2020-06-28T05:13:32-0500")).contains(Instant.parse("2020-06-28T10:13:32Z"));
    }

    @Test
    void aPlusThatArrivedAsASpaceIsStillAPlus() {
        assertThat(PracticeDates.parse("2020-06-28T05:13:32 0000")).contains(Instant.parse("2020-06-28T05:13:32Z"));
        assertThat(PracticeDates.parse("2020-06-28T05:13:32 02:00")).contains(Instant.parse("2020-06-28T03:13:32Z"));
    }

    @Test
    void isoEightySixOhOneInItsCommonForms() {
        assertThat(PracticeDates.parse("2020-06-28T05:13:32Z")).contains(Instant.parse("2020-06-28T05:13:32Z"));
        assertThat(PracticeDates.parse("2020-06-28T05:13:32.25Z")).contains(Instant.parse("2020-06-28T05:13:32.250Z"));
        assertThat(PracticeDates.parse("2020-06-28T07:13:32+02:00")).contains(Instant.parse("2020-06-28T05:13:32Z"));
        assertThat(PracticeDates.parse("2020-06-28T05:13:32.123456+0000")).contains(Instant.parse("2020-06-28T05:13:32.123456Z"));
        assertThat(PracticeDates.parse("2020-06-28T05:13:32")).as("no offset: UTC").contains(Instant.parse("2020-06-28T05:13:32Z"));
        assertThat(PracticeDates.parse(" 2020-06-28 ")).contains(Instant.parse("2020-06-28T00:00:00Z"));
    }

    @Test
    void anythingElseIsNotADate() {
        for (String text : new String[] {"", "yesterday", "28/06/2020", "2020-13-01", "2020-02-30", "2020-06-28T25:00:00Z",
                "1593321212", "2020-06-28T05:13:32+25:00", "+99999-01-01"}) {
            assertThat(PracticeDates.parse(text)).as(text).isEmpty();
        }
    }

    @Test
    void timesAreShownInUtcAndInTheLocationsZoneWithItsOffsetAtThatInstant() {
        Instant summer = Instant.parse("2024-07-15T14:00:00.250Z");
        Instant winter = Instant.parse("2024-01-15T14:00:00Z");
        ZoneId newYork = ZoneId.of("America/New_York");

        assertThat(PracticeDates.utc(summer)).isEqualTo("2024-07-15T14:00:00.250Z");
        assertThat(PracticeDates.inZone(summer, newYork)).isEqualTo("2024-07-15T10:00:00.250-04:00");
        assertThat(PracticeDates.offset(summer, newYork)).isEqualTo("-04:00");
        assertThat(PracticeDates.inZone(winter, newYork)).isEqualTo("2024-01-15T09:00:00.000-05:00");
        assertThat(PracticeDates.offset(winter, newYork)).isEqualTo("-05:00");
        assertThat(PracticeDates.offset(winter, ZoneId.of("UTC"))).isEqualTo("+00:00");
        assertThat(PracticeDates.offset(winter, ZoneId.of("Asia/Kolkata"))).isEqualTo("+05:30");
    }
}
