package dev.parley.delivery.sms;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmsKeywordsTest {

    @ParameterizedTest
    @ValueSource(strings = {"STOP", "stop", " Stop ", "STOPALL", "unsubscribe", "CANCEL", "end", "QUIT", "revoke",
            "OPTOUT", "\tStOp\n"})
    void everyOptOutKeywordInAnyCaseAndSpacingOptsOut(String body) {
        assertThat(SmsKeywords.match(body)).hasValueSatisfying(m -> assertThat(m.kind()).isEqualTo(SmsKeywords.Kind.OPT_OUT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"START", "start", " Unstop", "YES", "yes "})
    void optInKeywordsOptIn(String body) {
        assertThat(SmsKeywords.match(body)).hasValueSatisfying(m -> assertThat(m.kind()).isEqualTo(SmsKeywords.Kind.OPT_IN));
    }

    @ParameterizedTest
    @ValueSource(strings = {"HELP", "help", " Help "})
    void helpAsksForHelp(String body) {
        assertThat(SmsKeywords.match(body)).hasValueSatisfying(m -> assertThat(m.kind()).isEqualTo(SmsKeywords.Kind.HELP));
    }

    @ParameterizedTest
    @ValueSource(strings = {"please stop", "STOP!", "stop it", "Don't stop", "", "STOP STOP", "yes please", "helpful"})
    void aKeywordCountsOnlyAsTheWholeMessage(String body) {
        assertThat(SmsKeywords.match(body)).isEmpty();
    }
}
