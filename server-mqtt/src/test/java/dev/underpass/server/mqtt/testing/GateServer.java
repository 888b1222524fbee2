package dev.underpass.server.mqtt.testing;

import dev.underpass.protocol.netty.Transports;
import dev.underpass.server.mqtt.broker.EmbeddedBroker;
import dev.underpass.server.mqtt.gate.DeviceEntries;
import dev.underpass.server.mqtt.gate.GateObserver;
import dev.underpass.server.mqtt.gate.GateSettings;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The embedded broker behind the device gate on a loopback TLS port that requires a client certificate of the
 * device CA: the server's MQTT port, without the rest of the server.
 */
public final class GateServer implements AutoCloseable {
    private final EmbeddedBroker broker;
    private final DeviceEntries entries;
    private final EventLoopGroup group;
    private final ExecutorService blocking;
    private final Channel channel;

    private GateServer(EmbeddedBroker broker, DeviceEntries entries, EventLoopGroup group, ExecutorService blocking,
            Channel channel) {
        this.broker = broker;
        this.entries = entries;
        this.group = group;
        this.blocking = blocking;
        this.channel = channel;
    }

    public static GateServer start(TestPki pki, InMemoryDirectory directory, Path brokerDir, GateObserver observer)
            throws Exception {
        EmbeddedBroker broker = EmbeddedBroker.start(brokerDir);
        ExecutorService blocking = Executors.newFixedThreadPool(2);
        DeviceEntries entries = new DeviceEntries(GateSettings.DEFAULTS, pki.deviceCa(), directory, blocking,
                broker.port(), broker.secret(), observer);
        SslContext tls = SslContextBuilder.forServer(pki.serverCertificate().privateKey(),
                        pki.serverCertificate().certificate(), pki.serverCa())
                .trustManager(pki.deviceCa())
                .clientAuth(ClientAuth.REQUIRE)
                .build();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, Transports.ioHandlerFactory());
        Channel channel = new ServerBootstrap().group(group).channel(Transports.serverSocketChannel())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("tls", tls.newHandler(ch.alloc()));
                        entries.installGate(ch.pipeline());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        return new GateServer(broker, entries, group, blocking, channel);
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    public EmbeddedBroker broker() {
        return broker;
    }

    public DeviceEntries entries() {
        return entries;
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        blocking.shutdownNow();
        broker.close();
    }
}
