package dev.underpass.server.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The log-format option's values; the JSON output itself is checked on a real process by KeysAndAuditScenarioTest. */
class LogFormatTest {

    @Test
    void textAndJsonAreReadInAnyCase() {
        assertThat(LogFormat.parse("json")).isEqualTo(LogFormat.JSON);
        assertThat(LogFormat.parse(" TEXT ")).isEqualTo(LogFormat.TEXT);
    }

    @Test
    void anyOtherValueIsRefusedNamingItAndTheChoices() {
        assertThatThrownBy(() -> LogFormat.parse("xml")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("log format 'xml' is not one of: text, json");
    }
}
