package dev.underpass.localproxy.tunnel;

import dev.underpass.protocol.Handshake;
import dev.underpass.protocol.SubProtocol;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Sends the WebSocket upgrade when the connection is up and judges the answer: 101 with our sub-protocol and a
 * {@code channel-id} header makes a {@link TunnelLink}; a 4xx is final (its body is the server's one-line reason);
 * anything else is worth retrying. It removes itself on success.
 */
final class HandshakeHandler extends ChannelInboundHandlerAdapter {
    private static final int MAX_REASON_CHARS = 300;

    private final WebSocketClientHandshaker handshaker;
    private final HandshakeObserver observer;
    private final Duration timeout;
    private final Consumer<TunnelLink> installer;
    private ScheduledFuture<?> timer;
    private boolean settled;

    HandshakeHandler(WebSocketClientHandshaker handshaker, HandshakeObserver observer, Duration timeout,
            Consumer<TunnelLink> installer) {
        this.handshaker = handshaker;
        this.observer = observer;
        this.timeout = timeout;
        this.installer = installer;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        timer = ctx.executor().schedule(() -> fail(ctx, "no handshake answer within " + timeout.toSeconds() + " s"),
                timeout.toMillis(), TimeUnit.MILLISECONDS);
        handshaker.handshake(ctx.channel()).addListener(f -> {
            if (!f.isSuccess()) {
                fail(ctx, Failures.describe(f.cause()));
            }
        });
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpResponse response) || settled) {
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            answer(ctx, response);
        } finally {
            response.release();
        }
    }

    private void answer(ChannelHandlerContext ctx, FullHttpResponse response) {
        int status = response.status().code();
        if (status != 101) {
            String reason = reason(response);
            if (status >= 400 && status < 500) {
                settle(ctx);
                observer.handshakeRejected("the server refused the connection: " + status + " " + reason);
                ctx.close();
            } else {
                fail(ctx, "the server answered " + status + " " + reason);
            }
            return;
        }
        String offered = handshaker.expectedSubprotocol();
        Optional<SubProtocol> chosen = SubProtocol.fromHeaderValue(
                response.headers().get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL));
        String channelId = response.headers().get(Handshake.CHANNEL_ID_HEADER);
        if (chosen.isEmpty() || !chosen.get().headerValue().equals(offered) || channelId == null) {
            settle(ctx);
            observer.handshakeRejected("the server is not a secure-tunneling endpoint: its 101 answer lacks "
                    + (channelId == null ? "the channel-id header" : "the sub-protocol " + offered));
            ctx.close();
            return;
        }
        try {
            handshaker.finishHandshake(ctx.channel(), response);
        } catch (WebSocketHandshakeException e) {
            fail(ctx, "bad WebSocket handshake answer: " + e.getMessage());
            return;
        }
        settle(ctx);
        TunnelLink link = new TunnelLink(ctx.channel(), chosen.get(), channelId);
        installer.accept(link);
        ctx.pipeline().remove(this);
        observer.handshakeSucceeded(link);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, Failures.describe(cause));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail(ctx, "the connection closed during the handshake");
        ctx.fireChannelInactive();
    }

    private void fail(ChannelHandlerContext ctx, String message) {
        if (settled) {
            return;
        }
        settle(ctx);
        observer.handshakeFailed(message);
        ctx.close();
    }

    private void settle(ChannelHandlerContext ctx) {
        settled = true;
        if (timer != null) {
            timer.cancel(false);
        }
    }

    /** The server's one-line reason: the body, cleaned up, or the status phrase. */
    private static String reason(FullHttpResponse response) {
        String body = response.content().toString(StandardCharsets.UTF_8).strip()
                .replaceAll("\\p{Cntrl}+", " ").replaceAll("\\s+", " ");
        if (body.isEmpty()) {
            return response.status().reasonPhrase();
        }
        return body.length() > MAX_REASON_CHARS ? body.substring(0, MAX_REASON_CHARS) + "…" : body;
    }
}
