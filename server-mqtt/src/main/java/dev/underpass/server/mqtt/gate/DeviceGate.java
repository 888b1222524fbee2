package dev.underpass.server.mqtt.gate;

import dev.underpass.protocol.netty.Transports;
import dev.underpass.server.mqtt.DeviceDirectory;
import dev.underpass.server.mqtt.ThingTopics;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands between one device connection and the embedded broker. It takes the first packet (CONNECT), checks the
 * TLS client certificate (issued by the device CA, registered, ACTIVE and attached to a thing in the
 * {@link DeviceDirectory}), that the client id is that thing's name and that a will message stays on its topics; a refusal is
 * answered with a CONNACK naming it (not authorized / identifier rejected) and the connection is closed. An admitted
 * device is connected to the broker on the same event loop with its CONNECT rewritten to the gate's credentials,
 * and from then on bytes are relayed both ways unchanged.
 *
 * <p>Backpressure: both channels read only on demand and only while the other one is writable. Bytes that arrive
 * while the directory is asked are held (bounded by {@link GateSettings#maxHeldBytes()}; above it the connection
 * is closed). A device that sends no complete CONNECT within {@link GateSettings#connectTimeout()} is dropped.
 */
final class DeviceGate extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceGate.class);

    private enum State { AWAITING_CONNECT, CHECKING, CONNECTING, RELAYING, CLOSED }

    private final GateContext gate;
    private final ArrayDeque<ByteBuf> held = new ArrayDeque<>();
    private int heldBytes;
    private State state = State.AWAITING_CONNECT;
    private ChannelHandlerContext ctx;
    private Channel broker;
    private ScheduledFuture<?> connectTimeout;

    DeviceGate(GateContext gate) {
        this.gate = gate;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        ctx.channel().config().setWriteBufferWaterMark(new WriteBufferWaterMark(
                gate.settings().lowWaterMark(), gate.settings().highWaterMark()));
        connectTimeout = ctx.executor().schedule(() -> {
            if (state != State.RELAYING && state != State.CLOSED) {
                LOG.debug("MQTT device {} sent no CONNECT in time", ctx.channel().remoteAddress());
                ctx.close();
            }
        }, gate.settings().connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf bytes)) {
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        switch (state) {
            case AWAITING_CONNECT -> onConnect(bytes);
            case CHECKING, CONNECTING -> hold(bytes);
            case RELAYING -> broker.write(bytes).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
            case CLOSED -> bytes.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (state == State.RELAYING) {
            broker.flush();
            if (broker.isWritable()) {
                ctx.read();
            }
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (state == State.RELAYING && ctx.channel().isWritable()) {
            broker.read();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closeAll();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("MQTT device connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        closeAll();
    }

    private void onConnect(ByteBuf packet) {
        MqttConnectMessage connect;
        try {
            connect = ConnectCodec.decodeConnect(packet, gate.settings().maxPacketBytes());
        } catch (Refusal refusal) {
            refuseSilently(refusal);
            return;
        }
        String certificateId;
        try {
            SslHandler tls = ctx.pipeline().get(SslHandler.class);
            if (tls == null) {
                throw new Refusal(Refusal.Reason.NO_CERTIFICATE, "the connection is not TLS");
            }
            certificateId = DeviceIdentity.certificateId(tls.engine().getSession(), gate.deviceCa());
        } catch (Refusal refusal) {
            refuse(connect, refusal);
            return;
        }
        state = State.CHECKING;
        try {
            gate.blocking().execute(() -> check(certificateId, connect));
        } catch (RejectedExecutionException e) {
            refuse(connect, new Refusal(Refusal.Reason.UNAVAILABLE, "server is busy"));
        }
    }

    /** On the blocking executor. */
    private void check(String certificateId, MqttConnectMessage connect) {
        DeviceIdentity identity = null;
        Refusal refusal = null;
        try {
            identity = admit(certificateId, connect);
        } catch (Refusal r) {
            refusal = r;
        } catch (RuntimeException e) {
            LOG.warn("cannot look up device certificate {}: {}", certificateId, e.toString());
            refusal = new Refusal(Refusal.Reason.UNAVAILABLE, "the thing registry does not answer");
        }
        DeviceIdentity admitted = identity;
        Refusal outcome = refusal;
        try {
            ctx.executor().execute(() -> {
                if (state != State.CHECKING) {
                    return; // closed meanwhile
                }
                if (outcome != null) {
                    refuse(connect, outcome);
                } else {
                    connectBroker(admitted, connect);
                }
            });
        } catch (RejectedExecutionException e) {
            ctx.channel().close();
        }
    }

    /**
     * The registry's word on the certificate: registered, ACTIVE and attached to a thing, whose name the client id
     * must be; a will message must stay on that thing's topics.
     */
    private DeviceIdentity admit(String certificateId, MqttConnectMessage connect) throws Refusal {
        Optional<DeviceDirectory.RegisteredCertificate> found = gate.directory().lookup(certificateId);
        if (found.isEmpty()) {
            throw new Refusal(Refusal.Reason.UNKNOWN_CERTIFICATE, "certificate " + certificateId
                    + " is not registered");
        }
        if (!found.get().active()) {
            throw new Refusal(Refusal.Reason.INACTIVE_CERTIFICATE, "certificate " + certificateId + " is INACTIVE");
        }
        String thing = found.get().thingName();
        if (thing == null) {
            throw new Refusal(Refusal.Reason.UNKNOWN_CERTIFICATE, "certificate " + certificateId
                    + " is not attached to a thing");
        }
        String clientId = connect.payload().clientIdentifier();
        if (!thing.equals(clientId)) {
            throw new Refusal(Refusal.Reason.CLIENT_ID_MISMATCH, "client id '" + clientId + "' is not the thing '"
                    + thing + "' that certificate " + certificateId + " is attached to");
        }
        if (connect.variableHeader().isWillFlag() && !ThingTopics.mayPublish(thing, connect.payload().willTopic())) {
            throw new Refusal(Refusal.Reason.FORBIDDEN_WILL, "will topic '" + connect.payload().willTopic()
                    + "' is outside the thing's own topics");
        }
        return new DeviceIdentity(thing, certificateId);
    }

    private void connectBroker(DeviceIdentity identity, MqttConnectMessage connect) {
        state = State.CONNECTING;
        Channel device = ctx.channel();
        new Bootstrap()
                .group(device.eventLoop())
                .channel(Transports.socketChannelLike(device)) // the device's loop may be epoll or NIO
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(
                        gate.settings().lowWaterMark(), gate.settings().highWaterMark()))
                .handler(new BrokerLink(device))
                .connect(new InetSocketAddress("127.0.0.1", gate.brokerPort()))
                .addListener((ChannelFutureListener) f -> {
                    if (state != State.CONNECTING) {
                        f.channel().close();
                        return;
                    }
                    if (!f.isSuccess()) {
                        LOG.error("cannot reach the embedded MQTT broker: {}", f.cause().toString());
                        refuse(connect, new Refusal(Refusal.Reason.UNAVAILABLE, "broker unreachable"));
                        return;
                    }
                    broker = f.channel();
                    broker.write(ConnectCodec.rewrite(connect, identity.thingName(), gate.secret()));
                    while (!held.isEmpty()) {
                        broker.write(held.poll());
                    }
                    heldBytes = 0;
                    broker.flush();
                    state = State.RELAYING;
                    connectTimeout.cancel(false);
                    gate.live().add(identity, device);
                    gate.observer().admitted();
                    LOG.info("MQTT device {} connected from {} (certificate {})", identity.thingName(),
                            device.remoteAddress(), identity.certificateId());
                    broker.read();
                    if (broker.isWritable()) {
                        ctx.read();
                    }
                });
    }

    private void hold(ByteBuf bytes) {
        heldBytes += bytes.readableBytes();
        held.add(bytes);
        if (heldBytes > gate.settings().maxHeldBytes()) {
            LOG.debug("MQTT device {} sent more than {} bytes before being admitted", ctx.channel().remoteAddress(),
                    gate.settings().maxHeldBytes());
            closeAll();
        }
    }

    private void refuse(MqttConnectMessage connect, Refusal refusal) {
        gate.observer().refused(refusal.reason().label());
        LOG.info("refused MQTT connection from {}: {}", ctx.channel().remoteAddress(), refusal.getMessage());
        state = State.CLOSED;
        releaseHeld();
        ctx.writeAndFlush(ConnectCodec.refusal(connect, refusal.reason())).addListener(ChannelFutureListener.CLOSE);
    }

    private void refuseSilently(Refusal refusal) {
        gate.observer().refused(refusal.reason().label());
        LOG.debug("dropped MQTT connection from {}: {}", ctx.channel().remoteAddress(), refusal.getMessage());
        closeAll();
    }

    private void closeAll() {
        state = State.CLOSED;
        releaseHeld();
        if (connectTimeout != null) {
            connectTimeout.cancel(false);
        }
        if (broker != null) {
            broker.close();
        }
        ctx.close();
    }

    private void releaseHeld() {
        while (!held.isEmpty()) {
            held.poll().release();
        }
        heldBytes = 0;
    }
}
