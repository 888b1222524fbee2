package dev.underpass.e2e.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.underpass.e2e.support.ChecksumTransfer;
import dev.underpass.e2e.support.EchoServer;
import dev.underpass.e2e.support.JavaProcess;
import dev.underpass.e2e.support.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.iotsecuretunneling.model.OpenTunnelResponse;

/**
 * Many tunnels at once, each with several concurrent echo connections, every connection checked by SHA-256: zero bytes
 * lost or corrupted. The server, all source proxies and all destination proxies run as three processes (the proxies
 * through the library API, {@link ProxyFleetMain}), with Netty's leak detector at advanced level.
 *
 * <p>The size, 200 tunnels x 4 connections x 5 MB (4 GB each way), takes many minutes on two shared cores
 * (connecting 400 proxies alone takes about two on a busy machine); {@code bench/soak.sh} runs it. The build runs
 * {@value #CI_TUNNELS} tunnels x 4 concurrent connections x {@value #CI_BYTES} bytes: 400 connections at once, 50 MB
 * each way. Sizes: {@code -Dreliability.tunnels}, {@code -Dreliability.connections},
 * {@code -Dreliability.bytesPerConnection}.
 */
class ConcurrentTunnelsTest {
    private static final Logger LOG = LoggerFactory.getLogger(ConcurrentTunnelsTest.class);
    private static final int CI_TUNNELS = 100;
    private static final long CI_BYTES = 128 * 1024 + 7;
    private static final int TUNNELS = Integer.getInteger("reliability.tunnels", CI_TUNNELS);
    private static final int CONNECTIONS = Integer.getInteger("reliability.connections", 4);
    private static final long BYTES = Long.getLong("reliability.bytesPerConnection", CI_BYTES);
    private static final Pattern LISTENING = Pattern.compile("^tunnel (\\d+) listening on (\\d+)$");
    /** 120 s plus a second per MB each way: under half the slowest rate seen (2.4 MB/s, two busy cores). */
    private static final Duration TRANSFER_TIMEOUT = Duration.ofSeconds(120 + TUNNELS * CONNECTIONS * BYTES / 1_000_000);

    @TempDir
    Path dir;

    @Test
    void manyConcurrentTunnelsCarryEveryByteIntact() throws Exception {
        Path dataDir = Files.createDirectories(dir.resolve("data"));
        long setUp = System.nanoTime();
        try (EchoServer echo = EchoServer.start();
             ServerProcess server = ServerProcess.start("fleet-server", JavaProcess.BULK, dataDir, 0)) {
            List<String> sourceTokens = new ArrayList<>();
            List<String> destinationTokens = new ArrayList<>();
            for (int i = 0; i < TUNNELS; i++) {
                OpenTunnelResponse t = server.api().openTunnel(r -> r.destinationConfig(d -> d.services("ECHO")));
                sourceTokens.add(t.sourceAccessToken());
                destinationTokens.add(t.destinationAccessToken());
            }
            LOG.info("{} tunnels opened in {} s", TUNNELS, (System.nanoTime() - setUp) / 1_000_000_000);
            Path sourceFile = Files.write(dir.resolve("source-tokens"), sourceTokens);
            Path destinationFile = Files.write(dir.resolve("destination-tokens"), destinationTokens);
            // Each in-process proxy has its own event loop and so its own allocator caches: the full soak (200
            // tunnels x 4 x 5 MB) ran the source fleet out of 768 MiB of direct memory, about 4 MiB per proxy in use
            // at its peak. A proxy alone has that to itself; the fleet gets 8 MiB per proxy.
            long directMiB = Math.max(768, 8L * TUNNELS);
            List<String> fleetJvm = List.of("-Xmx768m", "-XX:MaxDirectMemorySize=" + directMiB + "m",
                    "-Dio.netty.leakDetection.level=advanced");
            try (JavaProcess destinations = JavaProcess.start("fleet-dst", fleetJvm, ProxyFleetMain.class.getName(),
                    List.of("dst", server.proxyEndpoint(), server.caFile().toString(), destinationFile.toString(),
                            Integer.toString(echo.port())), Map.of());
                 JavaProcess sources = JavaProcess.start("fleet-src", fleetJvm, ProxyFleetMain.class.getName(),
                         List.of("src", server.proxyEndpoint(), server.caFile().toString(), sourceFile.toString()),
                         Map.of())) {
                destinations.awaitLine(Pattern.compile("^fleet ready " + TUNNELS + "$"), Duration.ofSeconds(200));
                sources.awaitLine(Pattern.compile("^fleet ready " + TUNNELS + "$"), Duration.ofSeconds(200));
                List<Integer> ports = sourcePorts(sources);
                LOG.info("{} tunnels opened and {} proxies connected in {} s", TUNNELS, 2 * TUNNELS,
                        (System.nanoTime() - setUp) / 1_000_000_000);

                long started = System.nanoTime();
                List<CompletableFuture<ChecksumTransfer.Result>> running = new ArrayList<>();
                for (int i = 0; i < TUNNELS; i++) {
                    running.add(ChecksumTransfer.to(ports.get(i), CONNECTIONS, BYTES, 1_000 + i).start());
                }
                CompletableFuture.allOf(running.toArray(CompletableFuture[]::new))
                        .get(TRANSFER_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                double seconds = (System.nanoTime() - started) / 1e9;

                List<String> problems = new ArrayList<>();
                int verified = 0;
                for (int i = 0; i < TUNNELS; i++) {
                    ChecksumTransfer.Result r = running.get(i).join();
                    verified += r.verified();
                    problems.addAll(r.problems());
                }
                LOG.info("{} tunnels x {} connections x {} bytes: {} connections verified, {} problems, {} s, "
                        + "{} MB/s each way", TUNNELS, CONNECTIONS, BYTES, verified, problems.size(),
                        String.format("%.1f", seconds),
                        String.format("%.1f", TUNNELS * CONNECTIONS * BYTES / 1e6 / seconds));
                assertThat(problems).isEmpty();
                assertThat(verified).isEqualTo(TUNNELS * CONNECTIONS);
                assertThat(echo.acceptedConnections()).isEqualTo(TUNNELS * CONNECTIONS);
                assertThat(sources.leakReports()).isEmpty();
                assertThat(destinations.leakReports()).isEmpty();
                assertThat(server.process().leakReports()).isEmpty();
            }
        }
    }

    private static List<Integer> sourcePorts(JavaProcess sources) {
        Integer[] ports = new Integer[TUNNELS];
        for (String line : sources.output().split("\n")) {
            Matcher m = LISTENING.matcher(line);
            if (m.matches()) {
                ports[Integer.parseInt(m.group(1))] = Integer.parseInt(m.group(2));
            }
        }
        List<Integer> list = java.util.Arrays.asList(ports);
        assertThat(list).as("a listening port per tunnel").doesNotContainNull();
        return list;
    }
}
