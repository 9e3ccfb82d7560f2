package dev.parley.addresses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumberTest {

    @ParameterizedTest(name = "{0} in {1} is {2}")
    @CsvSource(delimiter = '|', value = {
            "(555) 555-1234   | US | +15555551234",
            "555.555.1234     | US | +15555551234",
            "+1 555 555 1234  | US | +15555551234",
            "555-555-1234     | US | +15555551234",
            "5555551234       | US | +15555551234",
            "1 (555) 555-1234 | US | +15555551234",
            "+15555551234     | GB | +15555551234",
            "07700 900123     | GB | +447700900123",
            "+44 7700 900123  | US | +447700900123",
            "(425) 555-4321   | US | +14255554321"
    })
    void commonFormatsBecomeE164(String text, String region, String e164) {
        assertThat(PhoneNumber.parse(text, region).e164()).isEqualTo(e164);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "abc", "555-CALL-NOW", "12", "+1 555 555 1234 5678 9", "555;555;1234"})
    void whatIsNotAPhoneNumberIsRefused(String text) {
        assertThatThrownBy(() -> PhoneNumber.parse(text, "US")).isInstanceOf(InvalidAddress.class);
    }

    @org.junit.jupiter.api.Test
    void aUsNumberIsShownInNationalFormatAsTheVetPortalShowsIt() {
        assertThat(PhoneNumber.parse("+15555551234", "US").national()).isEqualTo("(555) 555-1234");
    }

    /** National forms are kept once written; past the kept number they are written again, the same. */
    @org.junit.jupiter.api.Test
    void nationalFormsStayTheSameWhenMoreNumbersAreWrittenThanAreKept() {
        assertThat(new PhoneNumber("+15555550000").national()).isEqualTo("(555) 555-0000");
        for (int i = 1; i <= PhoneNumber.NATIONAL_KEPT; i++) {
            assertThat(new PhoneNumber(String.format("+1555%07d", i)).national()).startsWith("(555) ");
        }
        assertThat(new PhoneNumber("+15555550000").national()).isEqualTo("(555) 555-0000");
        assertThat(new PhoneNumber("+15555551234").national()).isEqualTo("(555) 555-1234");
    }

    @org.junit.jupiter.api.Test
    void theConstructorRefusesWhatIsNotE164() {
        assertThatThrownBy(() -> new PhoneNumber("5555551234")).isInstanceOf(InvalidAddress.class);
    }
}
