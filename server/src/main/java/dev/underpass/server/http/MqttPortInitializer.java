package dev.underpass.server.http;

import dev.underpass.server.mqtt.gate.DeviceEntries;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;

/**
 * The pipeline of the MQTT port (8883): TLS requiring a device certificate, then the device gate.
 *
 * <pre>tls → transport-noise → mqtt-first-packet → mqtt-gate</pre>
 */
public final class MqttPortInitializer extends ChannelInitializer<SocketChannel> {
    private final SslContext sslContext;
    private final DeviceEntries devices;

    public MqttPortInitializer(SslContext sslContext, DeviceEntries devices) {
        this.sslContext = sslContext;
        this.devices = devices;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        p.addLast(ServerChannelInitializer.TLS, sslContext.newHandler(ch.alloc()));
        p.addLast(ServerChannelInitializer.TRANSPORT_NOISE, TransportNoise.INSTANCE);
        devices.installGate(p);
    }
}
