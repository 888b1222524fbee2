package dev.underpass.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PathSpecTest {

    @Test
    void aPathNamesItsPortAndItsLabelledProcessesInOrder() {
        PathSpec path = PathSpec.parse("underpass-tls=4100@server:11,source-proxy:12,destination-proxy:13");

        assertThat(path.name()).isEqualTo("underpass-tls");
        assertThat(path.port()).isEqualTo(4100);
        assertThat(path.processes()).containsExactly(Map.entry("server", 11L), Map.entry("source-proxy", 12L),
                Map.entry("destination-proxy", 13L));
        assertThat(PathSpec.parse("direct=9000").processes()).isEmpty();
    }

    @Test
    void aProcessWithoutALabelIsRefusedWithTheBadPart() {
        assertThatThrownBy(() -> PathSpec.parse("ssh-L=4000@1234"))
                .hasMessageContaining("'1234'").hasMessageContaining("LABEL:PID");
        assertThatThrownBy(() -> PathSpec.parse("4000")).hasMessageContaining("NAME=PORT");
    }

    @Test
    void theDeltaOfAPathCountsProcessesBornMeanwhileFromZero() {
        var before = Map.of("sshd", Map.of(1L, new ProcStats.Counters(100, 40, 10, 20)));
        var after = Map.of("sshd", Map.of(1L, new ProcStats.Counters(150, 60, 15, 30),
                2L, new ProcStats.Counters(7, 3, 1, 2)));

        assertThat(PathSpec.delta(before, after).get("sshd")).isEqualTo(new ProcStats.Counters(57, 23, 6, 12));
    }

    @Test
    void theCountersOfThisVeryProcessAreReadable() {
        long self = ProcessHandle.current().pid();

        assertThat(ProcStats.tree(self)).containsKey(self);
        assertThat(ProcStats.statusKb(self, "VmHWM")).isPositive();
        assertThat(ProcStats.cpuTicks(Long.MAX_VALUE)).isEmpty();
    }
}
