package dev.underpass.server.http;

import dev.underpass.protocol.Handshake;
import dev.underpass.server.mqtt.gate.DeviceEntries;
import dev.underpass.server.relay.Relay;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;

/**
 * Sends each request on the one server port where it belongs: WebSocket upgrades to {@code /mqtt} to the device
 * gate, other WebSocket upgrades and {@code /tunnel} to the relay,
 * {@code /health}, {@code /ready} and {@code /metrics} to {@link OpsEndpoints}, everything else on to the control
 * API handler behind this one. Malformed HTTP is
 * answered with a 4xx naming the problem, and the connection is closed.
 */
@ChannelHandler.Sharable
public final class HttpRouter extends ChannelInboundHandlerAdapter {
    /** Name of the control API handler, removed when a connection becomes a tunnel. */
    public static final String API_HANDLER = "control-api";
    private static final java.util.Set<String> OPS_PATHS = java.util.Set.of("/health", "/ready", "/metrics");

    private final Relay relay;
    private final OpsEndpoints ops;
    private final DeviceEntries devices;

    public HttpRouter(Relay relay, OpsEndpoints ops) {
        this(relay, ops, null);
    }

    /** @param devices takes WebSocket upgrades to {@code /mqtt}; null when devices do not connect here */
    public HttpRouter(Relay relay, OpsEndpoints ops, DeviceEntries devices) {
        this.relay = relay;
        this.ops = ops;
        this.devices = devices;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            ReferenceCountUtil.release(request);
            if (cause instanceof TooLongFrameException) {
                reject(ctx, HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                        "request line or headers too large: " + cause.getMessage());
            } else {
                reject(ctx, HttpResponseStatus.BAD_REQUEST, "malformed HTTP request");
            }
            return;
        }
        String path;
        try {
            path = new QueryStringDecoder(request.uri()).path();
        } catch (IllegalArgumentException malformedEscape) {
            ReferenceCountUtil.release(request);
            reject(ctx, HttpResponseStatus.BAD_REQUEST, "malformed request target (bad %-escape)");
            return;
        }
        if (devices != null && path.equals(DeviceEntries.WEBSOCKET_PATH) && Relay.isWebSocketUpgrade(request)) {
            devices.acceptWebSocket(ctx, request); // MQTT over WebSocket, behind the same device gate
            return;
        }
        if (Relay.isWebSocketUpgrade(request) || path.equals(Handshake.PATH)) {
            if (ctx.pipeline().get(API_HANDLER) != null) {
                ctx.pipeline().remove(API_HANDLER);
            }
            relay.accept(ctx, request);
            return;
        }
        if (request.method().equals(HttpMethod.GET) && OPS_PATHS.contains(path)) {
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            ReferenceCountUtil.release(request);
            ops.handle(ctx, path, keepAlive);
            return;
        }
        ctx.fireChannelRead(request);
    }

    private static void reject(ChannelHandlerContext ctx, HttpResponseStatus status, String reason) {
        OpsEndpoints.respond(ctx, status, "text/plain; charset=utf-8", reason, false);
    }

}
