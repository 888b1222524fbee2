package dev.underpass.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class JvmProbeTest {

    @Test
    void g1HeapInfoGivesTheHeapInUseWithoutMetaspace() throws IOException {
        String g1 = """
                12345:
                 garbage-first heap   total 1048576K, used 23456K [0x00000000c0000000, 0x0000000100000000)
                  region size 1024K, 3 young (3072K), 0 survivors (0K)
                 Metaspace       used 41234K, committed 41728K, reserved 1089536K
                  class space    used 5036K, committed 5248K, reserved 1048576K
                """;

        assertThat(JvmProbe.heapUsedKb(g1)).isEqualTo(23456);
    }

    @Test
    void serialHeapInfoAddsTheGenerationsButNotTheirSpacesPercentages() throws IOException {
        String serial = """
                 def new generation   total 9792K, used 1200K [0x00000000fe000000, 0x00000000feaa0000)
                  eden space 8704K,  13% used [0x00000000fe000000, 0x00000000fe12c0f8, 0x00000000fe880000)
                 tenured generation   total 21888K, used 15000K [0x00000000feaa0000, 0x0000000100000000)
                 Metaspace       used 20000K, committed 20480K, reserved 1069056K
                """;

        assertThat(JvmProbe.heapUsedKb(serial)).isEqualTo(16200);
    }

    @Test
    void outputWithoutAHeapFigureIsAnError() {
        assertThatThrownBy(() -> JvmProbe.heapUsedKb("12345:\nCommand executed successfully\n"))
                .isInstanceOf(IOException.class).hasMessageContaining("no heap figure");
    }
}
