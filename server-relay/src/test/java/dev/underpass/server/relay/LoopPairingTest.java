package dev.underpass.server.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.underpass.protocol.Mode;
import dev.underpass.protocol.SubProtocol;
import dev.underpass.protocol.proto.Message;
import dev.underpass.protocol.testing.NettyLeakGuard;
import dev.underpass.server.relay.TestAuthority.Tokens;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The second side of a tunnel to join moves to its peer's event loop first. The test server has two worker loops
 * that take accepted connections in turn, so without the move the two sides of a fresh server's first tunnel would be
 * on different loops.
 */
@ExtendWith(NettyLeakGuard.class)
class LoopPairingTest {
    private static final String CLIENT_TOKEN = "client-token-0123456789abcdef-0123456789";

    private TestServer server;
    private final List<TestClient> clients = new ArrayList<>();
    private final List<Socket> idle = new ArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        server = new TestServer();
    }

    @AfterEach
    void stop() throws Exception {
        for (Socket socket : idle) {
            socket.close();
        }
        clients.forEach(TestClient::close);
        server.close();
    }

    private TestClient join(Tokens tokens, Mode mode) throws Exception {
        return track(TestClient.joined(server, mode, tokens.of(mode)));
    }

    private TestClient track(TestClient client) {
        clients.add(client);
        return client;
    }

    private EventLoop loopOf(Tokens tokens, Mode side) {
        return server.relay.loopOf(tokens.tunnelId(), side);
    }

    @Test
    void theSecondSideJoinsOnTheFirstSidesLoopAndDataFlowsBothWays() throws Exception {
        Tokens tokens = server.authority.open("SSH1");
        TestClient destination = join(tokens, Mode.DESTINATION);
        TestClient source = join(tokens, Mode.SOURCE);

        assertThat(loopOf(tokens, Mode.SOURCE)).isNotNull().isSameAs(loopOf(tokens, Mode.DESTINATION));
        byte[] start = Msgs.streamStart(1, "SSH1", 1);
        byte[] largest = Msgs.data(1, "SSH1", 1, Msgs.payload(64_512, 1));
        byte[] reply = Msgs.data(1, "SSH1", 1, Msgs.payload(5000, 2));
        source.send(start);
        source.send(largest);
        destination.send(reply);
        assertThat(destination.nextBinary()).isEqualTo(start);
        assertThat(destination.nextBinary()).isEqualTo(largest);
        assertThat(source.nextBinary()).isEqualTo(reply);

        server.relay.closeTunnel(tokens.tunnelId(), "tunnel closed");
        assertThat(source.awaitClose()).isEqualTo(new TestClient.Closed(1000, "tunnel closed"));
        assertThat(destination.awaitClose()).isEqualTo(new TestClient.Closed(1000, "tunnel closed"));
    }

    @Test
    void everyTunnelsSidesShareALoop() throws Exception {
        List<Tokens> tunnels = new ArrayList<>();
        // An odd number of tunnels: without the move, each second side would land on the other loop than its first.
        for (int i = 0; i < 5; i++) {
            Tokens tokens = server.authority.open("SSH1");
            join(tokens, i % 2 == 0 ? Mode.SOURCE : Mode.DESTINATION);
            tunnels.add(tokens);
        }
        for (int i = 0; i < 5; i++) {
            join(tunnels.get(i), i % 2 == 0 ? Mode.DESTINATION : Mode.SOURCE);
        }

        for (Tokens tokens : tunnels) {
            assertThat(loopOf(tokens, Mode.SOURCE)).isNotNull().isSameAs(loopOf(tokens, Mode.DESTINATION));
        }
    }

    @Test
    void aSideThatReconnectsJoinsItsSurvivingPeersLoop() throws Exception {
        Tokens tokens = server.authority.open("SSH1");
        TestClient source = track(TestClient.connect(server, Mode.SOURCE, tokens.source(), CLIENT_TOKEN,
                SubProtocol.V3.headerValue(), 0));
        source.nextMessage();
        TestClient destination = join(tokens, Mode.DESTINATION);
        EventLoop loop = loopOf(tokens, Mode.SOURCE);
        assertThat(loopOf(tokens, Mode.DESTINATION)).isSameAs(loop);

        // A reconnect while the old connection is still current (it is replaced), then one after it left.
        for (int i = 0; i < 3; i++) {
            TestClient again = track(TestClient.connect(server, Mode.SOURCE, tokens.source(),
                    CLIENT_TOKEN, SubProtocol.V3.headerValue(), 0));
            assertThat(again.nextMessage().getType()).isEqualTo(Message.Type.SERVICE_IDS);
            assertThat(source.awaitClose()).isEqualTo(new TestClient.Closed(1000, "replaced by a new connection"));
            assertThat(loopOf(tokens, Mode.SOURCE)).isSameAs(loop);
            source = again;
        }
        source.close();
        await().until(() -> !server.relay.isConnected(tokens.tunnelId(), Mode.SOURCE));
        TestClient last = track(TestClient.connect(server, Mode.SOURCE, tokens.source(),
                CLIENT_TOKEN, SubProtocol.V3.headerValue(), 0));
        last.nextMessage();
        assertThat(loopOf(tokens, Mode.SOURCE)).isSameAs(loop);

        byte[] start = Msgs.streamStart(1, "SSH1", 1);
        last.send(start);
        assertThat(destination.nextBinary()).isEqualTo(start);
        byte[] reply = Msgs.data(1, "SSH1", 1, Msgs.payload(300, 3));
        destination.send(reply);
        assertThat(last.nextBinary()).isEqualTo(reply);
    }

    @Test
    void aCloseTunnelWhileTheSideIsBetweenLoopsClosesBothSides() throws Exception {
        Tokens tokens = server.authority.open("SSH1");
        TestClient destination = join(tokens, Mode.DESTINATION);
        EventLoop target = loopOf(tokens, Mode.DESTINATION);
        acceptNextAwayFrom(target); // so that the source must move to its peer's loop
        CountDownLatch busy = blockUntilReleased(target);
        try {
            TestClient source = track(TestClient.connect(server, Mode.SOURCE, tokens.source()));
            await().until(() -> betweenLoops() != null);

            server.relay.closeTunnel(tokens.tunnelId(), "tunnel closed");
            busy.countDown();

            assertThat(source.nextMessage().getType()).isEqualTo(Message.Type.SERVICE_IDS);
            assertThat(source.awaitClose()).isEqualTo(new TestClient.Closed(1000, "tunnel closed"));
            assertThat(destination.awaitClose()).isEqualTo(new TestClient.Closed(1000, "tunnel closed"));
            assertThat(server.relay.connectedSides()).isZero();
        } finally {
            busy.countDown();
        }
    }

    @Test
    void aPeerThatLeavesWhileTheSideIsBetweenLoopsLeavesItAloneAndWorking() throws Exception {
        Tokens tokens = server.authority.open("SSH1");
        TestClient destination = join(tokens, Mode.DESTINATION);
        EventLoop target = loopOf(tokens, Mode.DESTINATION);
        acceptNextAwayFrom(target); // so that the source must move to its peer's loop
        CountDownLatch busy = blockUntilReleased(target);
        TestClient source;
        try {
            source = track(TestClient.connect(server, Mode.SOURCE, tokens.source()));
            await().until(() -> betweenLoops() != null);
            destination.close();
        } finally {
            busy.countDown();
        }

        assertThat(source.nextMessage().getType()).isEqualTo(Message.Type.SERVICE_IDS);
        await().until(() -> !server.relay.isConnected(tokens.tunnelId(), Mode.DESTINATION)
                && server.relay.isConnected(tokens.tunnelId(), Mode.SOURCE));
        assertThat(loopOf(tokens, Mode.SOURCE)).isSameAs(target);
        source.send(Msgs.streamStart(1, "SSH1", 1));
        Message reset = source.nextMessage();
        assertThat(reset.getType()).isEqualTo(Message.Type.STREAM_RESET);
        assertThat(reset.getStreamId()).isEqualTo(1);
    }

    /**
     * Opens idle TCP connections until the server's newest accepted one is on {@code loop}: the server's two worker
     * loops take accepted connections in turn, so the next connection then lands on the other one. (A side that
     * joins alone goes to its tunnel's home loop, which may be either.)
     */
    private void acceptNextAwayFrom(EventLoop loop) throws Exception {
        for (int i = 0; i < 2; i++) {
            Set<Channel> before = new HashSet<>(server.children);
            idle.add(new Socket(InetAddress.getLoopbackAddress(), server.port));
            await().until(() -> server.children.size() > before.size());
            Channel accepted = server.children.stream().filter(c -> !before.contains(c)).findFirst().orElseThrow();
            if (accepted.eventLoop() == loop) {
                return;
            }
        }
        throw new AssertionError("two connections in a row were accepted on the other loop");
    }

    /** Two sides that join at the same moment find no peer yet: both go to the tunnel's home loop and meet there. */
    @Test
    void sidesThatJoinAtTheSameMomentShareALoop() throws Exception {
        List<Tokens> tunnels = new ArrayList<>();
        List<CompletableFuture<TestClient>> joining = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            Tokens tokens = server.authority.open("SSH1");
            tunnels.add(tokens);
            for (Mode mode : Mode.values()) {
                joining.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return TestClient.joined(server, mode, tokens.of(mode));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
        }
        for (CompletableFuture<TestClient> client : joining) {
            track(client.get(30, TimeUnit.SECONDS));
        }

        for (Tokens tokens : tunnels) {
            assertThat(loopOf(tokens, Mode.SOURCE)).isNotNull().isSameAs(loopOf(tokens, Mode.DESTINATION));
        }
    }

    /** The server side of a connection that is in no event loop now: deregistered and not yet registered again. */
    private Channel betweenLoops() {
        return server.children.stream().filter(c -> c.isOpen() && !c.isRegistered()).findFirst().orElse(null);
    }

    /** Keeps {@code loop} busy until the latch is counted down, so a registration there waits in its queue. */
    private static CountDownLatch blockUntilReleased(EventLoop loop) throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        loop.execute(() -> {
            running.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        return release;
    }
}
