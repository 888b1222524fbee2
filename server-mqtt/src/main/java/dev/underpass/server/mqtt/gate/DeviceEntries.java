package dev.underpass.server.mqtt.gate;

import dev.underpass.server.mqtt.DeviceDirectory;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.security.cert.X509Certificate;
import java.util.concurrent.Executor;

/**
 * The three ways a device reaches the broker, all through the same {@link DeviceGate} with the same client
 * certificate check: MQTT over TLS on the MQTT port, MQTT over TLS on the HTTPS port when the device offered the ALPN
 * protocol {@value #ALPN_PROTOCOL}, and MQTT over WebSocket at {@value #WEBSOCKET_PATH} on the HTTPS port.
 * TLS itself stays with the server's pipelines; this class adds the gate's handlers after it.
 */
public final class DeviceEntries {
    /** The ALPN protocol AWS IoT devices offer for MQTT on port 443. */
    public static final String ALPN_PROTOCOL = "x-amzn-mqtt-ca";
    /** Where MQTT over WebSocket is served on the HTTPS port. */
    public static final String WEBSOCKET_PATH = "/mqtt";
    public static final String WEBSOCKET_SUBPROTOCOL = "mqtt";

    /** Handler names, for the pipelines assembled in the server. */
    public static final String WS_BYTES = "mqtt-ws-bytes";
    public static final String FIRST_PACKET = "mqtt-first-packet";
    public static final String GATE = "mqtt-gate";

    private final GateContext context;

    /**
     * @param deviceCa    the CA whose client certificates are accepted
     * @param directory   which certificates are registered and active; asked on {@code blocking}
     * @param brokerPort  the embedded broker's loopback port
     * @param secret      the password the broker requires of gated connections
     */
    public DeviceEntries(GateSettings settings, X509Certificate deviceCa, DeviceDirectory directory,
            Executor blocking, int brokerPort, String secret, GateObserver observer) {
        this.context = new GateContext(settings, deviceCa, directory, blocking, brokerPort, secret, new LiveDevices(),
                observer);
    }

    /** The admitted connections, to cut those of a deactivated certificate or a deleted thing. */
    public LiveDevices live() {
        return context.live();
    }

    /** Adds the gate at the end of a pipeline whose TLS handshake is done or under way (MQTT port, ALPN). */
    public void installGate(ChannelPipeline pipeline) {
        pipeline.addLast(FIRST_PACKET, new FirstPacketDecoder(context.settings().maxPacketBytes()));
        pipeline.addLast(GATE, new DeviceGate(context));
    }

    /**
     * Completes a WebSocket upgrade to {@value #WEBSOCKET_PATH} and puts the gate in place of the handler of
     * {@code ctx} (the HTTP router); handlers after it are removed. Releases the request.
     */
    public void acceptWebSocket(ChannelHandlerContext ctx, FullHttpRequest request) {
        try {
            String url = "wss://" + request.headers().get(HttpHeaderNames.HOST, "localhost") + WEBSOCKET_PATH;
            WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(url, WEBSOCKET_SUBPROTOCOL,
                    WebSocketDecoderConfig.newBuilder().maxFramePayloadLength(context.settings().maxPacketBytes())
                            .allowExtensions(false).build())
                    .newHandshaker(request);
            if (handshaker == null) {
                ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                        HttpResponseStatus.UPGRADE_REQUIRED)).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            ChannelPipeline pipeline = ctx.pipeline();
            while (pipeline.last() != ctx.handler()) {
                pipeline.removeLast();
            }
            pipeline.replace(ctx.name(), WS_BYTES, new WebSocketBytes());
            installGate(pipeline);
            handshaker.handshake(ctx.channel(), request);
        } finally {
            request.release();
        }
    }
}
