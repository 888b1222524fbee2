package dev.underpass.localproxy.tunnel;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * Turns the server's WebSocket frames into the byte stream of tunnel messages: binary frames and their
 * continuations pass on as plain buffers (message boundaries mean nothing), pings are answered, a close frame is
 * recorded on the link and echoed, and a text frame ends the session (the protocol is binary only).
 */
final class WebSocketFrameReader extends ChannelInboundHandlerAdapter {
    private final TunnelLink link;

    WebSocketFrameReader(TunnelLink link) {
        this.link = link;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof BinaryWebSocketFrame || msg instanceof ContinuationWebSocketFrame) {
            ctx.fireChannelRead(((WebSocketFrame) msg).content());
        } else if (msg instanceof PingWebSocketFrame ping) {
            ctx.writeAndFlush(new PongWebSocketFrame(ping.content()), ctx.voidPromise());
        } else if (msg instanceof CloseWebSocketFrame close) {
            int code = close.statusCode();
            link.remoteClosed(code, close.reasonText());
            close.release();
            ctx.writeAndFlush(new CloseWebSocketFrame(code < 0 ? WebSocketCloseStatus.NORMAL_CLOSURE.code() : code,
                    "")).addListener(ChannelFutureListener.CLOSE);
        } else if (msg instanceof TextWebSocketFrame text) {
            text.release();
            link.close(WebSocketCloseStatus.INVALID_MESSAGE_TYPE.code(), "text frames are not part of the protocol");
        } else if (msg instanceof PongWebSocketFrame pong) {
            pong.release();
            link.pongReceived();
        } else {
            ReferenceCountUtil.release(msg);
        }
    }
}
