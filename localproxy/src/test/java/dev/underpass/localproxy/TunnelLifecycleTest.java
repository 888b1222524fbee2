package dev.underpass.localproxy;

import static dev.underpass.localproxy.SourceToDestinationTest.awaitReady;
import static dev.underpass.localproxy.testing.Proxies.destination;
import static dev.underpass.localproxy.testing.Proxies.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.underpass.localproxy.testing.EchoServer;
import dev.underpass.localproxy.testing.TcpClient;
import dev.underpass.localproxy.testing.TestRelay;
import dev.underpass.protocol.Handshake;
import dev.underpass.protocol.Mode;
import dev.underpass.protocol.testing.NettyLeakGuard;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NettyLeakGuard.class)
class TunnelLifecycleTest {

    @Test
    void bothSidesExitZeroWhenTheServerClosesTheTunnelNormally() throws Exception {
        try (TestRelay relay = TestRelay.start("SSH1");
                LocalProxy dst = LocalProxy.start(destination(relay)
                        .destination("SSH1", new HostPort("127.0.0.1", 22)).build());
                LocalProxy src = LocalProxy.start(source(relay).build())) {
            awaitReady(dst, src);
            relay.closeAll(1000, "tunnel closed");
            assertThat(src.exit().get(10, TimeUnit.SECONDS)).isZero();
            assertThat(dst.exit().get(10, TimeUnit.SECONDS)).isZero();
            assertThat(src.failure()).isEmpty();
            assertThat(src.connected()).isFalse();
        }
    }

    @Test
    void aRefusedHandshakeEndsTheProxyWithTheServersReason() throws Exception {
        try (TestRelay relay = TestRelay.start("SSH1")) {
            relay.rejectWith(403, "access token already used");
            try (LocalProxy src = LocalProxy.start(source(relay).build())) {
                assertThat(src.exit().get(10, TimeUnit.SECONDS)).isEqualTo(ExitCodes.REJECTED);
                assertThat(src.failure()).hasValueSatisfying(m -> assertThat(m)
                        .contains("403").contains("access token already used").doesNotContain("\n"));
                assertThat(src.ready()).isCompletedExceptionally();
            }
        }
    }

    @Test
    void aServerErrorIsRetriedUntilTheServerAccepts() throws Exception {
        try (TestRelay relay = TestRelay.start("SSH1")) {
            relay.rejectWith(503, "try again");
            try (LocalProxy src = LocalProxy.start(source(relay).build())) {
                await().atMost(10, TimeUnit.SECONDS).until(() -> relay.clientTokens(Mode.SOURCE).size() >= 3);
                assertThat(src.exit()).isNotDone();
                relay.rejectWith(0, null);
                src.ready().get(10, TimeUnit.SECONDS);
                assertThat(src.connected()).isTrue();
            }
        }
    }

    @Test
    void bothSidesReconnectWithTheSameClientTokenAfterTheLinkDrops() throws Exception {
        try (TestRelay relay = TestRelay.start("SSH1");
                EchoServer echo = EchoServer.start("ssh1");
                LocalProxy dst = LocalProxy.start(destination(relay)
                        .destination("SSH1", new HostPort("127.0.0.1", echo.port())).build());
                LocalProxy src = LocalProxy.start(source(relay).listenPort("SSH1", 0).build())) {
            awaitReady(dst, src);
            int port = src.sourcePort("SSH1");
            try (TcpClient before = new TcpClient(port)) {
                assertThat(before.readLine()).isEqualTo("ssh1");
                relay.dropAll();
                assertThat(before.seesEndOfStream()).isTrue();
            }
            await().atMost(10, TimeUnit.SECONDS).until(() -> relay.clientTokens(Mode.SOURCE).size() >= 2
                    && relay.clientTokens(Mode.DESTINATION).size() >= 2 && src.connected() && dst.connected());
            assertThat(relay.clientTokens(Mode.SOURCE)).hasSize(2).allMatch(t -> Handshake.CLIENT_TOKEN_PATTERN
                    .matcher(t).matches()).containsOnly(relay.clientTokens(Mode.SOURCE).get(0));
            assertThat(relay.clientTokens(Mode.DESTINATION).get(1)).isEqualTo(relay.clientTokens(Mode.DESTINATION)
                    .get(0)).isNotEqualTo(relay.clientTokens(Mode.SOURCE).get(0));
            assertThat(src.sourcePort("SSH1")).isEqualTo(port);
            try (TcpClient after = new TcpClient(port)) {
                assertThat(after.readLine()).isEqualTo("ssh1");
                byte[] data = TcpClient.randomBytes(50_000, 5);
                assertThat(after.echo(data)).isEqualTo(data);
            }
        }
    }

    @Test
    void aServerThatStopsAnsweringPingsIsLeftForANewConnection() throws Exception {
        try (TestRelay relay = TestRelay.start("SSH1");
                LocalProxy src = LocalProxy.start(source(relay).pingInterval(Duration.ofMillis(100)).build())) {
            src.ready().get(10, TimeUnit.SECONDS);
            await().atMost(10, TimeUnit.SECONDS).until(() -> relay.pongs() >= 1);
            relay.stopAnsweringPings();
            await().atMost(10, TimeUnit.SECONDS).until(() -> relay.clientTokens(Mode.SOURCE).size() >= 2);
            assertThat(src.exit()).isNotDone();
        }
    }

    @Test
    void aGivenClientTokenIsSentAsIs() throws Exception {
        String token = "0123456789abcdef-0123456789abcdef";
        try (TestRelay relay = TestRelay.start("SSH1");
                LocalProxy src = LocalProxy.start(source(relay).clientToken(token).build())) {
            src.ready().get(10, TimeUnit.SECONDS);
            assertThat(relay.clientTokens(Mode.SOURCE)).containsExactly(token);
        }
    }

    @Test
    void servicesThatDoNotMatchTheTunnelEndTheProxyWithExitCodeFour() throws Exception {
        try (TestRelay relay = TestRelay.start("SSH1");
                LocalProxy src = LocalProxy.start(source(relay).listenPort("SSH9", 0).build())) {
            assertThat(src.exit().get(10, TimeUnit.SECONDS)).isEqualTo(ExitCodes.SERVICE_MISMATCH);
            assertThat(src.failure()).hasValueSatisfying(m -> assertThat(m).contains("SSH9").contains("SSH1"));
        }
    }

    @Test
    void aListenPortInUseEndsTheProxyWithExitCodeOneNamingThePort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                TestRelay relay = TestRelay.start("SSH1");
                LocalProxy src = LocalProxy.start(source(relay).bindAddress("127.0.0.1")
                        .listenPort("SSH1", taken.getLocalPort()).build())) {
            assertThat(src.exit().get(10, TimeUnit.SECONDS)).isEqualTo(ExitCodes.FAILURE);
            assertThat(src.failure()).hasValueSatisfying(m -> assertThat(m)
                    .contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()).contains("SSH1"));
        }
    }

    @Test
    void aSourceWithoutMappingListensOnAnEphemeralPortPerService() throws Exception {
        try (TestRelay relay = TestRelay.start("A", "B");
                LocalProxy src = LocalProxy.start(source(relay).build())) {
            src.ready().get(10, TimeUnit.SECONDS);
            assertThat(src.sourcePort("A")).isPositive().isNotEqualTo(src.sourcePort("B"));
        }
    }
}
