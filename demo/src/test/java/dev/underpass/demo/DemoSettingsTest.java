package dev.underpass.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.underpass.localproxy.HostPort;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DemoSettingsTest {

    @Test
    void ssh_choice_is_auto_off_or_an_address_with_port_22_by_default() {
        assertThat(DemoSettings.SshChoice.parse("auto")).isEqualTo(DemoSettings.SshChoice.AUTO);
        assertThat(DemoSettings.SshChoice.parse("off")).isEqualTo(DemoSettings.SshChoice.OFF);
        assertThat(DemoSettings.SshChoice.parse("box").address()).isEqualTo(new HostPort("box", 22));
        assertThat(DemoSettings.SshChoice.parse("127.0.0.1:2222").address()).isEqualTo(new HostPort("127.0.0.1", 2222));
    }

    @Test
    void every_problem_is_named() {
        assertThatThrownBy(() -> new DemoSettings(Path.of("d"), 70_000, 5000, 5000, "bad/name",
                DemoSettings.SshChoice.OFF, false, true, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--port 70000 is not between 0 and 65535")
                .hasMessageContaining("thing name 'bad/name'")
                .hasMessageContaining("--http-port and --ssh-port are both 5000");
    }

    @Test
    void the_launcher_defaults_to_underpass() {
        assertThat(new DemoSettings(Path.of("d"), 0, 0, 0, "t", DemoSettings.SshChoice.OFF, false, true, " ")
                .launcher()).isEqualTo("underpass");
    }
}
