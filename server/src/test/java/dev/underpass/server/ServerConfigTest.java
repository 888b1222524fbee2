package dev.underpass.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ServerConfigTest {
    private final ServerConfig defaults = ServerConfig.defaults(Path.of("data"));

    @Test
    void plainServesOnLoopbackByDefault() {
        assertThat(defaults.withPlain(true).effectiveBindAddress()).isEqualTo("127.0.0.1");
        assertThat(defaults.effectiveBindAddress()).isEqualTo("0.0.0.0");
    }

    @Test
    void plainOnANonLoopbackAddressIsRefusedWithWhatToDo() {
        assertThatThrownBy(() -> defaults.withPlain(true).withBindAddress("0.0.0.0"))
                .hasMessageContaining("loopback").hasMessageContaining("0.0.0.0");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThatThrownBy(() -> new ServerConfig(Path.of("d"), null, 70000, false, null, null,
                java.util.List.of(), null, null, null, "US East", "12", defaults.closedRetention(),
                defaults.maintenanceInterval(), 0, null, null))
                .hasMessageContaining("70000").hasMessageContaining("US East").hasMessageContaining("'12'")
                .hasMessageContaining("at least 1");
    }

    @Test
    void theDatabasePasswordNeverAppearsInToString() {
        ServerConfig config = defaults.withDatabase("jdbc:postgresql://db/underpass", "u", "s3cret-pw");
        assertThat(config.toString()).doesNotContain("s3cret-pw").contains("MASKED");
    }
}
