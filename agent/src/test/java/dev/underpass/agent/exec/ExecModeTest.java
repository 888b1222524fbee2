package dev.underpass.agent.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.underpass.agent.Agent;
import dev.underpass.agent.config.AgentConfig;
import dev.underpass.agent.testing.AgentConfigs;
import dev.underpass.agent.testing.Fixtures;
import dev.underpass.agent.testing.LogCapture;
import dev.underpass.agent.testing.Publisher;
import dev.underpass.agent.testing.TestBroker;
import dev.underpass.agent.testing.TestPki;
import dev.underpass.agent.tunnels.TunnelState;
import dev.underpass.localproxy.HostPort;
import dev.underpass.localproxy.ProxyEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Exec mode with a fake "localproxy" that records how it was started. */
@ExtendWith(Fixtures.class)
class ExecModeTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TOKEN = "AQGAAXexecModeSecretToken0123456789";
    private static final String HOLDING_TOKEN = "AQGAAXexecModeHoldingToken0123456789";

    @Test
    void theTokenGoesInTheEnvironmentAndNeverOnTheCommandLine(TestPki pki, TestBroker broker, @TempDir Path dir)
            throws Exception {
        Path runs = Files.createDirectories(dir.resolve("runs"));
        AgentConfig config = AgentConfigs.forThing(pki, broker, null, "exec-device")
                .exec(fakeLocalProxy(dir, runs))
                .tunnelEndpoint(ProxyEndpoint.parse("tunnels.example.test:8443"))
                .service("ssh", new HostPort("127.0.0.1", 2222))
                .service("hold", new HostPort("localhost", 2223))
                .build();
        try (LogCapture logs = LogCapture.open();
                Publisher publisher = Publisher.connect(pki, broker);
                Agent agent = Agent.start(config)) {
            await().atMost(WAIT).until(agent::connected);
            publisher.notifyDestination("exec-device", TOKEN, List.of("SSH"));

            // The fake proxy records and exits at once: the agent forgets the tunnel.
            await().atMost(WAIT).until(() -> !logs.matching("tunnel 1 (", "ended").isEmpty());
            assertThat(agent.activeTunnels()).isEmpty();
            Path argv = single(runs, ".argv");
            assertThat(Files.readAllLines(argv)).containsExactly("-e", "tunnels.example.test:8443", "-c",
                    config.rootCa().toString(), "-d", "SSH=127.0.0.1:2222");
            assertThat(Files.readString(single(runs, ".env"))).isEqualTo(TOKEN);

            // A proxy that keeps running is stopped when the agent stops.
            publisher.notifyDestination("exec-device", HOLDING_TOKEN, List.of("hold"));
            await().atMost(WAIT).until(() -> Files.exists(runs.resolve("holding.pid")));
            assertThat(agent.activeTunnels()).singleElement()
                    .satisfies(t -> assertThat(t.state()).isEqualTo(TunnelState.EXTERNAL));
            long pid = Long.parseLong(Files.readString(runs.resolve("holding.pid")).strip());
            assertThat(ProcessHandle.of(pid)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
            agent.close();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(logs.lines()).noneMatch(l -> l.contains(TOKEN) || l.contains(HOLDING_TOKEN));
        }
    }

    /** Records its arguments and its token variable (the argv file first), then exits, or sleeps for "hold". */
    private static Path fakeLocalProxy(Path dir, Path runs) throws IOException {
        Path script = dir.resolve("fake-localproxy");
        Files.writeString(script, String.join("\n",
                "#!/bin/sh",
                "case \"$*\" in *hold=*)",
                "  echo $$ > '" + runs + "/holding.tmp' && mv '" + runs + "/holding.tmp' '" + runs + "/holding.pid'",
                "  exec sleep 60 ;;",
                "esac",
                "printf '%s\\n' \"$@\" > '" + runs + "/'$$.argv",
                "printf '%s' \"$AWSIOT_TUNNEL_ACCESS_TOKEN\" > '" + runs + "/'$$.env",
                "exit 0",
                ""));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private static Path single(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> matching = files.filter(p -> p.toString().endsWith(suffix)).toList();
            assertThat(matching).hasSize(1);
            return matching.get(0);
        }
    }
}
