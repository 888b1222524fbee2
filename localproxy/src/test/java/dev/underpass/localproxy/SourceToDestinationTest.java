package dev.underpass.localproxy;

import static dev.underpass.localproxy.testing.Proxies.destination;
import static dev.underpass.localproxy.testing.Proxies.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.underpass.localproxy.testing.EchoServer;
import dev.underpass.localproxy.testing.TcpClient;
import dev.underpass.localproxy.testing.TestRelay;
import dev.underpass.protocol.MessageHeader;
import dev.underpass.protocol.Mode;
import dev.underpass.protocol.SubProtocol;
import dev.underpass.protocol.proto.Message.Type;
import dev.underpass.protocol.testing.NettyLeakGuard;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NettyLeakGuard.class)
class SourceToDestinationTest {
    private static final int READY_SECONDS = 15;

    @Test
    void severalConcurrentConnectionsEchoByteForByteOverV3() throws Exception {
        try (TestRelay relay = TestRelay.start("SSH1");
                EchoServer echo = EchoServer.start("ssh1");
                LocalProxy dst = LocalProxy.start(destination(relay)
                        .destination("SSH1", new HostPort("127.0.0.1", echo.port())).build());
                LocalProxy src = LocalProxy.start(source(relay).listenPort("SSH1", 0).build())) {
            awaitReady(dst, src);
            int port = src.sourcePort("SSH1");
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                List<Future<Boolean>> results = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    long seed = i;
                    results.add(pool.submit(() -> {
                        try (TcpClient client = new TcpClient(port)) {
                            byte[] data = TcpClient.randomBytes(150_000, seed);
                            return "ssh1".equals(client.readLine()) && TcpClient.same(data, client.echo(data));
                        }
                    }));
                }
                for (Future<Boolean> r : results) {
                    assertThat(r.get(60, TimeUnit.SECONDS)).isTrue();
                }
            } finally {
                pool.shutdownNow();
            }
            List<MessageHeader> starts = starts(relay);
            assertThat(starts).extracting(MessageHeader::type).containsOnlyOnce(Type.STREAM_START);
            assertThat(starts).hasSize(6).allMatch(h -> h.streamId() == 1 && h.serviceId().equals("SSH1"));
            assertThat(starts).extracting(MessageHeader::connectionId).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6);
        }
    }

    @Test
    void eachServiceReachesItsOwnDestination() throws Exception {
        try (TestRelay relay = TestRelay.start("SSH", "HTTP");
                EchoServer ssh = EchoServer.start("ssh");
                EchoServer http = EchoServer.start("http");
                LocalProxy dst = LocalProxy.start(destination(relay)
                        .destination("SSH", new HostPort("127.0.0.1", ssh.port()))
                        .destination("HTTP", new HostPort("localhost", http.port())).build());
                LocalProxy src = LocalProxy.start(source(relay).listenPort("SSH", 0).listenPort("HTTP", 0).build())) {
            awaitReady(dst, src);
            try (TcpClient toSsh = new TcpClient(src.sourcePort("SSH"));
                    TcpClient toHttp = new TcpClient(src.sourcePort("HTTP"))) {
                assertThat(toSsh.readLine()).isEqualTo("ssh");
                assertThat(toHttp.readLine()).isEqualTo("http");
                byte[] data = TcpClient.randomBytes(70_000, 7);
                assertThat(toHttp.echo(data)).isEqualTo(data);
            }
        }
    }

    @Test
    void v2SourceRunsOneConnectionPerStreamAndANewConnectionReplacesTheOld() throws Exception {
        try (TestRelay relay = TestRelay.start("SSH1");
                EchoServer echo = EchoServer.start("ssh1");
                LocalProxy dst = LocalProxy.start(destination(relay)
                        .destination("SSH1", new HostPort("127.0.0.1", echo.port())).build());
                LocalProxy src = LocalProxy.start(source(relay).protocol(SubProtocol.V2).listenPort("", 0).build())) {
            awaitReady(dst, src);
            int port = src.sourcePort("SSH1");
            try (TcpClient first = new TcpClient(port)) {
                assertThat(first.readLine()).isEqualTo("ssh1");
                try (TcpClient second = new TcpClient(port)) {
                    assertThat(second.readLine()).isEqualTo("ssh1");
                    assertThat(first.seesEndOfStream()).isTrue();
                    byte[] data = TcpClient.randomBytes(100_000, 2);
                    assertThat(second.echo(data)).isEqualTo(data);
                }
            }
            assertThat(relay.offeredProtocols(Mode.SOURCE)).containsOnly(SubProtocol.V2.headerValue());
            List<MessageHeader> sent = relay.received(Mode.SOURCE);
            assertThat(sent).allMatch(h -> h.connectionId() == 0 && h.serviceId().equals("SSH1"));
            assertThat(sent).filteredOn(h -> h.type() != Type.DATA).extracting(MessageHeader::type,
                    MessageHeader::streamId).startsWith(
                            tuple(Type.STREAM_START, 1),
                            tuple(Type.STREAM_RESET, 1),
                            tuple(Type.STREAM_START, 2));
        }
    }

    @Test
    void v1SourceCarriesNeitherServiceNorConnectionIds() throws Exception {
        try (TestRelay relay = TestRelay.start();
                EchoServer echo = EchoServer.start("v1");
                LocalProxy dst = LocalProxy.start(destination(relay)
                        .destination("", new HostPort("127.0.0.1", echo.port())).build());
                LocalProxy src = LocalProxy.start(source(relay).protocol(SubProtocol.V1).listenPort("", 0).build())) {
            awaitReady(dst, src);
            try (TcpClient client = new TcpClient(src.sourcePort(""))) {
                assertThat(client.readLine()).isEqualTo("v1");
                byte[] data = TcpClient.randomBytes(150_000, 1);
                assertThat(client.echo(data)).isEqualTo(data);
            }
            assertThat(relay.offeredProtocols(Mode.SOURCE)).containsOnly(SubProtocol.V1.headerValue());
            assertThat(relay.received(Mode.SOURCE)).isNotEmpty()
                    .allMatch(h -> h.serviceId().isEmpty() && h.connectionId() == 0);
            assertThat(relay.received(Mode.DESTINATION)).isNotEmpty()
                    .allMatch(h -> h.serviceId().isEmpty() && h.connectionId() == 0);
        }
    }

    @Test
    void aV1SourceReachesTheOnlyNamedServiceOfTheDestination() throws Exception {
        try (TestRelay relay = TestRelay.start("SSH");
                EchoServer echo = EchoServer.start("named");
                LocalProxy dst = LocalProxy.start(destination(relay)
                        .destination("SSH", new HostPort("127.0.0.1", echo.port())).build());
                LocalProxy src = LocalProxy.start(source(relay).protocol(SubProtocol.V1).listenPort("", 0).build())) {
            awaitReady(dst, src);
            try (TcpClient client = new TcpClient(src.sourcePort("SSH"))) {
                assertThat(client.readLine()).isEqualTo("named");
            }
        }
    }

    @Test
    void aRefusingDestinationServiceClosesTheSourceConnectionAndTheNextConnectionWorks() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        try (TestRelay relay = TestRelay.start("SSH1");
                LocalProxy dst = LocalProxy.start(destination(relay)
                        .destination("SSH1", new HostPort("127.0.0.1", closedPort)).build());
                LocalProxy src = LocalProxy.start(source(relay).listenPort("SSH1", 0).build())) {
            awaitReady(dst, src);
            int port = src.sourcePort("SSH1");
            try (TcpClient refused = new TcpClient(port)) {
                assertThat(refused.seesEndOfStream()).isTrue();
            }
            assertThat(relay.received(Mode.DESTINATION)).extracting(MessageHeader::type, MessageHeader::streamId,
                    MessageHeader::connectionId).contains(tuple(Type.CONNECTION_RESET,
                            1, 1));
            try (EchoServer late = EchoServer.start("late", closedPort); TcpClient client = new TcpClient(port)) {
                assertThat(client.readLine()).isEqualTo("late");
                byte[] data = TcpClient.randomBytes(10_000, 3);
                assertThat(client.echo(data)).isEqualTo(data);
            }
        }
    }

    @Test
    void connectionsBeyondThePerServiceLimitAreRefused() throws Exception {
        try (TestRelay relay = TestRelay.start("SSH1");
                EchoServer echo = EchoServer.start("ssh1");
                LocalProxy dst = LocalProxy.start(destination(relay)
                        .destination("SSH1", new HostPort("127.0.0.1", echo.port())).build());
                LocalProxy src = LocalProxy.start(source(relay).listenPort("SSH1", 0).maxConnectionsPerService(2)
                        .build())) {
            awaitReady(dst, src);
            int port = src.sourcePort("SSH1");
            try (TcpClient a = new TcpClient(port); TcpClient b = new TcpClient(port)) {
                assertThat(a.readLine()).isEqualTo("ssh1");
                assertThat(b.readLine()).isEqualTo("ssh1");
                try (TcpClient c = new TcpClient(port)) {
                    assertThat(c.seesEndOfStream()).isTrue();
                }
                byte[] data = TcpClient.randomBytes(1000, 4);
                assertThat(a.echo(data)).isEqualTo(data);
            }
            assertThat(starts(relay)).hasSize(2);
        }
    }

    private static List<MessageHeader> starts(TestRelay relay) {
        return relay.received(Mode.SOURCE).stream()
                .filter(h -> h.type() == Type.STREAM_START || h.type() == Type.CONNECTION_START).toList();
    }

    static void awaitReady(LocalProxy... proxies) throws Exception {
        for (LocalProxy p : proxies) {
            p.ready().get(READY_SECONDS, TimeUnit.SECONDS);
        }
        await().atMost(READY_SECONDS, TimeUnit.SECONDS).until(() -> Arrays.stream(proxies)
                .allMatch(LocalProxy::connected));
    }
}
