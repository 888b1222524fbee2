package dev.underpass.server.store;

import static dev.underpass.server.store.TestTunnels.T0;
import static dev.underpass.server.store.TestTunnels.clientToken;
import static dev.underpass.server.store.TestTunnels.issue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.underpass.protocol.Mode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the H2 file database promises beyond the contract: it outlives the store, and the process. */
class H2FileDatabaseTest {

    @TempDir
    Path dataDir;

    @Test
    void everythingStoredIsThereAfterClosingAndReopeningTheSameDirectory() {
        TestTunnels.Issued issued = issue("t-1", T0);
        String client = AccessTokens.hash(clientToken());
        Tunnel before;
        try (TunnelStore store = Database.open(StoreSettings.h2File(dataDir))) {
            issued.createIn(store);
            issue("closed", T0).createIn(store);
            store.close("closed", T0.plusSeconds(5));
            store.addTags("t-1", Map.of("owner", "ops"));
            store.claimToken(Mode.SOURCE, issued.hash(Mode.SOURCE), client, T0.plusSeconds(1));
            store.setConnectionState("t-1", Mode.SOURCE, ConnectionStatus.CONNECTED, T0.plusSeconds(1));
            before = store.find("t-1").orElseThrow();
        }

        try (TunnelStore store = Database.open(StoreSettings.h2File(dataDir))) {
            assertThat(store.find("t-1")).contains(before);
            assertThat(store.find("closed").orElseThrow().status()).isEqualTo(TunnelStatus.CLOSED);
            assertThat(store.claimToken(Mode.SOURCE, issued.hash(Mode.SOURCE), client, T0.plusSeconds(2)).outcome())
                    .isEqualTo(ClaimOutcome.RECONNECTED);
            assertThat(store.claimToken(Mode.DESTINATION, issued.hash(Mode.DESTINATION), null, T0.plusSeconds(2))
                    .outcome()).isEqualTo(ClaimOutcome.CLAIMED);
        }
    }

    @Test
    void aReopenedStoreCountsTheTunnelsAlreadyOpenTowardsTheLimit() {
        try (TunnelStore store = Database.open(StoreSettings.h2File(dataDir))) {
            store.create(issue("a", T0).spec(), 3);
            store.create(issue("b", T0).spec(), 3);
            store.create(issue("closed", T0).spec(), 3);
            store.close("closed", T0.plusSeconds(1));
        }

        try (TunnelStore store = Database.open(StoreSettings.h2File(dataDir))) {
            store.create(issue("c", T0).spec(), 3);
            assertThatThrownBy(() -> store.create(issue("d", T0).spec(), 3))
                    .isInstanceOf(OpenTunnelLimitException.class);
        }
    }

    @Test
    void aTunnelCommittedBeforeAKillMinus9IsThereAfterARestart() throws Exception {
        String sourceHash = AccessTokens.hash(AccessTokens.generate());
        String destinationHash = AccessTokens.hash(AccessTokens.generate());
        Process victim = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), H2CrashVictim.class.getName(),
                dataDir.toString(), "crash-1", sourceHash, destinationHash)
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(victim.getInputStream(),
                    StandardCharsets.UTF_8));
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> awaitLine(out, H2CrashVictim.OPEN));
            assertThatThrownBy(() -> Database.open(StoreSettings.h2File(dataDir)).close())
                    .as("a second process on the same directory").hasMessageContaining("already in use");
            victim.getOutputStream().write('\n');
            victim.getOutputStream().flush();
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> awaitLine(out, H2CrashVictim.READY));
        } finally {
            victim.destroyForcibly(); // SIGKILL at once: no shutdown hook, no close, no delayed write
            victim.waitFor();
        }

        try (TunnelStore store = Database.open(StoreSettings.h2File(dataDir))) {
            Tunnel tunnel = store.find("crash-1").orElseThrow();
            assertThat(tunnel.createdAt()).isEqualTo(H2CrashVictim.CREATED_AT);
            assertThat(tunnel.tags()).containsExactly(Map.entry("k", "v"));
            assertThat(tunnel.destinationConfig().services()).containsExactly("SSH1");
            assertThat(store.claimToken(Mode.SOURCE, sourceHash, null, H2CrashVictim.CREATED_AT).outcome())
                    .isEqualTo(ClaimOutcome.ALREADY_USED);
        }
    }

    @Test
    void h2WritesNoRejectedValueIntoATraceFile() throws IOException {
        String tooLong = "secret-".repeat(50);
        try (TunnelStore store = Database.open(StoreSettings.h2File(dataDir))) {
            issue("t-1", T0).createIn(store);
            assertThatThrownBy(() -> store.addTags("t-1", Map.of("k", tooLong)))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("SQLState 22")
                    .hasNoCause()
                    .message().doesNotContain("secret-");
        }

        try (Stream<Path> files = Files.list(dataDir)) {
            for (Path file : files.filter(f -> !f.getFileName().toString().endsWith(".mv.db")).toList()) {
                assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).as(file.toString())
                        .doesNotContain("secret-");
            }
        }
    }

    private static void awaitLine(BufferedReader out, String expected) throws IOException {
        StringBuilder seen = new StringBuilder();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.equals(expected)) {
                return;
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("the victim process ended before printing " + expected + ":\n" + seen);
    }
}
