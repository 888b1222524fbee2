package dev.underpass.server.devices;

import dev.underpass.protocol.netty.Transports;
import dev.underpass.server.api.TunnelEvents;
import dev.underpass.server.api.things.DeviceEvents;
import dev.underpass.server.http.MqttPortInitializer;
import dev.underpass.server.mqtt.DeviceDirectory;
import dev.underpass.server.mqtt.broker.EmbeddedBroker;
import dev.underpass.server.mqtt.gate.DeviceEntries;
import dev.underpass.server.mqtt.gate.GateObserver;
import dev.underpass.server.mqtt.gate.GateSettings;
import dev.underpass.server.mqtt.notify.ExternalBrokerPublisher;
import dev.underpass.server.mqtt.notify.NotificationPublisher;
import dev.underpass.server.mqtt.notify.NotifyObserver;
import dev.underpass.server.mqtt.notify.TunnelNotifier;
import dev.underpass.server.tls.ServerTls;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's MQTT side as configured: the embedded broker with its device entries (MQTT port, ALPN and WebSocket
 * on the HTTPS port), or a publisher to an external broker, or nothing. It turns tunnel events into notifications
 * ({@link #events()}), and cuts the live sessions of deactivated certificates and deleted things.
 */
public final class DeviceMessaging implements DeviceEvents, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceMessaging.class);
    /** Where the embedded broker keeps its sessions, below the data directory. */
    public static final String BROKER_DIR = "mqtt";

    private final MqttConfig config;
    private final NotificationPublisher publisher;
    private final TunnelNotifier notifier;
    private final DeviceEntries entries;
    private final EmbeddedBroker broker;
    private final ServerTls tls;
    private final X509Certificate deviceCa;
    private Channel mqttChannel;

    private DeviceMessaging(MqttConfig config, NotificationPublisher publisher, TunnelNotifier notifier,
            DeviceEntries entries, EmbeddedBroker broker, ServerTls tls, X509Certificate deviceCa) {
        this.config = config;
        this.publisher = publisher;
        this.notifier = notifier;
        this.entries = entries;
        this.broker = broker;
        this.tls = tls;
        this.deviceCa = deviceCa;
    }

    /**
     * Starts what {@code config} asks for. The embedded broker needs TLS: without it ({@code --plain}) it is not
     * started, and a line says so.
     */
    public static <O extends NotifyObserver & GateObserver> DeviceMessaging start(MqttConfig config, Path dataDir,
            String region, ServerTls tls, X509Certificate deviceCa, DeviceDirectory directory, Executor blocking,
            O observer) {
        switch (config.mode()) {
            case OFF -> {
                LOG.info("MQTT is off: devices are not notified of tunnels");
                return new DeviceMessaging(config, null, null, null, null, tls, deviceCa);
            }
            case EXTERNAL -> {
                ExternalBrokerPublisher publisher = ExternalBrokerPublisher.start(config.external());
                return new DeviceMessaging(config, publisher, new TunnelNotifier(publisher, region, observer), null,
                        null, tls, deviceCa);
            }
            default -> {
                if (tls == null) {
                    LOG.warn("the embedded MQTT broker needs TLS (client certificates) and is not started with "
                            + "--plain: devices are not notified (use mqtt = external, or TLS)");
                    return new DeviceMessaging(config, null, null, null, null, null, deviceCa);
                }
                EmbeddedBroker broker = EmbeddedBroker.start(dataDir.resolve(BROKER_DIR));
                DeviceEntries entries = new DeviceEntries(GateSettings.DEFAULTS, deviceCa, directory, blocking,
                        broker.port(), broker.secret(), observer);
                return new DeviceMessaging(config, broker, new TunnelNotifier(broker, region, observer), entries,
                        broker, tls, deviceCa);
            }
        }
    }

    /** Publishes notifications; {@link TunnelEvents#NONE} when MQTT is off. */
    public TunnelEvents events() {
        return notifier == null ? TunnelEvents.NONE : notifier;
    }

    /** The device entries for the HTTPS port, or null when there is no embedded broker. */
    public DeviceEntries entries() {
        return entries;
    }

    /** The HTTPS port's TLS: with optional device certificates and ALPN when devices connect here. */
    public io.netty.handler.ssl.SslContext httpsContext() {
        if (tls == null) {
            return null;
        }
        return entries == null ? tls.context() : tls.httpsContext(deviceCa);
    }

    /** Binds the MQTT port when there is an embedded broker; does nothing otherwise. */
    public void bind(EventLoopGroup boss, EventLoopGroup workers, String bindAddress) {
        if (entries == null) {
            return;
        }
        mqttChannel = new ServerBootstrap()
                .group(boss, workers)
                .channel(Transports.serverSocketChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new MqttPortInitializer(tls.mqttContext(deviceCa), entries))
                .bind(new InetSocketAddress(bindAddress, config.port()))
                .syncUninterruptibly()
                .channel();
    }

    /** The bound MQTT port, or 0 when there is none. */
    public int port() {
        return mqttChannel == null ? 0 : ((InetSocketAddress) mqttChannel.localAddress()).getPort();
    }

    /** Whether notifications can go out now: true when MQTT is off or embedded, the connection state if external. */
    public boolean ready() {
        return publisher == null || publisher.ready();
    }

    /** A certificate was deactivated: its live MQTT sessions end now (the next connect is refused anyway). */
    @Override
    public void certificateDeactivated(String certificateId, String thingNameOrNull) {
        if (entries != null) {
            entries.live().disconnectCertificate(certificateId, "certificate deactivated");
        }
    }

    /** A certificate was detached from its thing: it can no longer connect as that thing. */
    @Override
    public void certificateDetached(String certificateId, String thingName) {
        if (entries != null) {
            entries.live().disconnectCertificate(certificateId, "certificate detached from thing " + thingName);
        }
    }

    /** A thing was deleted: its live MQTT sessions end now. */
    @Override
    public void thingDeleted(String thingName) {
        if (entries != null) {
            entries.live().disconnectThing(thingName, "thing deleted");
        }
    }

    /** A short description for the start-up line and {@code /ready}. */
    public String describe() {
        return publisher == null ? "off" : publisher.describe();
    }

    @Override
    public void close() {
        if (mqttChannel != null) {
            mqttChannel.close().syncUninterruptibly();
        }
        if (notifier != null) {
            notifier.close();
        }
        if (publisher != null) {
            publisher.close();
        }
    }
}
