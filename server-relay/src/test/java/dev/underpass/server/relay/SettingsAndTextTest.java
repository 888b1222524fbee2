package dev.underpass.server.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.underpass.protocol.Mode;
import dev.underpass.protocol.SubProtocol;
import dev.underpass.protocol.testing.NettyLeakGuard;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NettyLeakGuard.class)
class SettingsAndTextTest {

    @Test
    void theDefaultsAreValid() {
        assertThat(RelaySettings.DEFAULTS.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(RelaySettings.DEFAULTS.pingInterval()).isEqualTo(Duration.ofSeconds(20));
        assertThat(RelaySettings.DEFAULTS.writeBufferHighWaterMark()).isEqualTo(1024 * 1024);
    }

    @Test
    void invalidSettingsReportEveryProblemAtOnce() {
        assertThatThrownBy(() -> new RelaySettings(Duration.ofSeconds(10), Duration.ofSeconds(10), 0, 1000,
                Duration.ZERO, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("pingInterval (PT10S) must be less than idleTimeout (PT10S)",
                        "writeBufferLowWaterMark must be positive", "writeBufferHighWaterMark must be at least",
                        "closeGrace must be positive", "maxPendingAdmissions must be positive");
    }

    @Test
    void admissionDeniedTakesOnlyErrorStatuses() {
        AdmissionDenied denied = new AdmissionDenied(503, RejectionReason.STORE_UNAVAILABLE, "store down");
        assertThat(denied.httpStatus()).isEqualTo(503);
        assertThat(denied.code()).isEqualTo(RejectionReason.STORE_UNAVAILABLE);
        assertThatThrownBy(() -> new AdmissionDenied(200, RejectionReason.UNKNOWN_TOKEN, "fine"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AdmissionDenied(401, null, "who knows"))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void closeReasonsAreCutToFitAControlFrameAtACharacterBoundary() {
        String reason = "é".repeat(100);

        String cut = Text.closeReason(reason);

        assertThat(cut.getBytes(StandardCharsets.UTF_8)).hasSize(122);
        assertThat(Text.closeReason("short\r\nreason")).isEqualTo("short reason");
    }

    @Test
    void quotedValuesArePrintableAndBounded() {
        assertThat(Text.quote("a\u0000b" + "x".repeat(100), 5)).isEqualTo("'a?bxx...'");
    }

    @Test
    void anUpgradeRequestNeverShowsItsTokens() {
        UpgradeRequest request = new UpgradeRequest(Mode.SOURCE, "secret-access", "secret-client", SubProtocol.V3);

        assertThat(request.toString()).doesNotContain("secret").contains("MASKED");
    }
}
