package dev.underpass.localproxy.testing;

import dev.underpass.protocol.Handshake;
import dev.underpass.protocol.Mode;
import dev.underpass.protocol.ProtocolLimits;
import dev.underpass.protocol.SubProtocol;
import dev.underpass.protocol.TunnelMessages;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The relay's side of the upgrade: checks the request as the real server would, then hands over to forwarding. */
final class RelayHandshakeHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final TestRelay relay;

    RelayHandshakeHandler(TestRelay relay) {
        this.relay = relay;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        QueryStringDecoder query = new QueryStringDecoder(req.uri());
        List<String> modes = query.parameters().getOrDefault(Handshake.MODE_PARAMETER, List.of());
        Optional<Mode> mode = modes.size() == 1 ? Mode.fromWireName(modes.get(0)) : Optional.empty();
        String offered = req.headers().get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL);
        mode.ifPresent(m -> {
            relay.clientTokens.get(m).add(String.valueOf(req.headers().get(Handshake.CLIENT_TOKEN_HEADER)));
            relay.offeredProtocols.get(m).add(String.valueOf(offered));
        });
        Optional<SubProtocol> chosen = offered == null ? Optional.empty()
                : SubProtocol.highestOffered(List.of(offered));
        if (!query.path().equals(Handshake.PATH)) {
            refuse(ctx, 400, "bad path " + query.path());
        } else if (mode.isEmpty()) {
            refuse(ctx, 400, "bad local-proxy-mode");
        } else if (relay.rejectStatus != 0) {
            refuse(ctx, relay.rejectStatus, relay.rejectReason);
        } else if (req.headers().getAll(Handshake.ACCESS_TOKEN_HEADER).size() != 1) {
            refuse(ctx, 401, "exactly one access-token header is required");
        } else if (req.headers().get(Handshake.CLIENT_TOKEN_HEADER) == null
                || !Handshake.CLIENT_TOKEN_PATTERN.matcher(req.headers().get(Handshake.CLIENT_TOKEN_HEADER))
                .matches()) {
            refuse(ctx, 400, "a valid client-token header is required by this test relay");
        } else if (chosen.isEmpty()) {
            refuse(ctx, 400, "no supported sub-protocol offered");
        } else {
            upgrade(ctx, req, mode.get(), chosen.get());
        }
    }

    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest req, Mode mode, SubProtocol protocol) {
        String url = "ws://" + req.headers().get(HttpHeaderNames.HOST) + Handshake.PATH;
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(url, protocol.headerValue(),
                false, ProtocolLimits.MAX_WEBSOCKET_FRAME_BYTES).newHandshaker(req);
        ctx.pipeline().replace(this, "relay", new RelayFrameHandler(relay, mode));
        handshaker.handshake(ctx.channel(), req,
                new DefaultHttpHeaders().add(Handshake.CHANNEL_ID_HEADER, UUID.randomUUID().toString()),
                ctx.newPromise()).addListener(f -> {
                    if (f.isSuccess()) {
                        relay.register(mode, ctx.channel());
                        ctx.channel().writeAndFlush(new BinaryWebSocketFrame(TunnelMessages.encode(ctx.alloc(),
                                TunnelMessages.serviceIds(relay.services()))));
                    }
                });
    }

    private static void refuse(ChannelHandlerContext ctx, int status, String reason) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(status), Unpooled.copiedBuffer(reason + "\n", StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
