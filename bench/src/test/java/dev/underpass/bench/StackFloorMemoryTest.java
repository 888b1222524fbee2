package dev.underpass.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the stack floor's and the proxies' figures back from a run's files, as run.sh writes them. */
class StackFloorMemoryTest {
    @TempDir
    Path work;

    @Test
    void readsEachPhasesPeakAndTheProxiesFiguresWhenConnected() throws IOException {
        Files.writeString(work.resolve("floor.tsv"), """
                source\tstarted\t37536\t38324
                source\tconnected\t64164\t64170
                source\tdone\t71952\t73848
                destination\tstarted\t37672\t38464
                destination\tconnected\t64024\t64024
                destination\tdone\t74300\t74301
                """);
        Files.writeString(work.resolve("memory-connected.tsv"), """
                source proxy\tunderpass-tls\t67100\t67200
                destination proxy\tunderpass-tls\t67300\t67400
                source proxy\tunderpass-plain\t56268\t56300
                """);

        StackFloorMemory floor = new StackFloorMemory(work);

        assertThat(floor.measured()).isTrue();
        assertThat(floor.floorKb("source", "started")).hasValue(38324);
        assertThat(floor.floorKb("source", "connected")).hasValue(64170);
        assertThat(floor.floorKb("source", "done")).hasValue(73848);
        assertThat(floor.floorKb("destination", "done")).hasValue(74301);
        assertThat(floor.connectedKb("destination", Report.TLS)).hasValue(67400);
        assertThat(floor.connectedKb("source", Report.PLAIN)).hasValue(56300);
        assertThat(floor.connectedKb("destination", Report.PLAIN)).isEmpty();
    }

    @Test
    void isNotMeasuredUnlessBothRolesFinished() throws IOException {
        Files.writeString(work.resolve("floor.tsv"), "source\tstarted\t1\t2\nsource\tdone\t3\t4\n");

        StackFloorMemory floor = new StackFloorMemory(work);

        assertThat(floor.measured()).isFalse();
        assertThat(floor.floorKb("destination", "done")).isEmpty();
        assertThat(new StackFloorMemory(work.resolve("absent")).measured()).isFalse();
    }

    @Test
    void findsAProxysPeakAmongTheMemoryRows() {
        List<String[]> memory = List.of(new String[] {"server", Report.TLS, "227928", "227928"},
                new String[] {"source proxy", Report.TLS, "89088", "89000"},
                new String[] {"source proxy", Report.PLAIN, "73936", "73000"});

        assertThat(StackFloorMemory.peakKb(memory, "source", Report.TLS)).hasValue(89088);
        assertThat(StackFloorMemory.peakKb(memory, "destination", Report.TLS)).isEmpty();
    }
}
