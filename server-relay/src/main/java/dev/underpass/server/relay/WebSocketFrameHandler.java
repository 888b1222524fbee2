package dev.underpass.server.relay;

import io.netty.buffer.ByteBuf;
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

/**
 * Turns the WebSocket frames of a relayed connection into the byte stream that carries tunnel messages: the content
 * of binary and continuation frames goes on, unmerged and uncopied, to the {@code TunnelFrameDecoder}. Answers a ping
 * with a pong carrying the same payload, never an unsolicited pong; answers a close frame and closes; a text frame
 * is a violation (close 1003). Once the connection is closing, frames are released unread. Event loop only.
 *
 * <p>Bound: while the client does not take what is written to it, only its latest ping is kept, and answered when
 * it reads again (RFC 6455 §5.5.3 allows answering only the most recent ping).
 */
final class WebSocketFrameHandler extends ChannelInboundHandlerAdapter {
    private final WebSocketCloser closer;
    private ByteBuf deferredPong;

    private final RelayObserver observer;

    WebSocketFrameHandler(WebSocketCloser closer, RelayObserver observer) {
        this.closer = closer;
        this.observer = observer;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof WebSocketFrame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        WebSocketFrame frame = (WebSocketFrame) msg;
        if (frame instanceof CloseWebSocketFrame) {
            int status = ((CloseWebSocketFrame) frame).statusCode();
            frame.release();
            closer.answer(status);
        } else if (closer.isClosing()) {
            frame.release();
        } else if (frame instanceof BinaryWebSocketFrame || frame instanceof ContinuationWebSocketFrame) {
            // A continuation of a text message never gets here: its first frame already closed the connection.
            ctx.fireChannelRead(frame.content());
        } else if (frame instanceof PingWebSocketFrame) {
            if (ctx.channel().isWritable()) {
                ctx.writeAndFlush(new PongWebSocketFrame(frame.content()));
            } else {
                releaseDeferredPong();
                deferredPong = frame.content();
            }
        } else if (frame instanceof TextWebSocketFrame) {
            frame.release();
            observer.violation(WebSocketCloseStatus.INVALID_MESSAGE_TYPE.code());
            closer.close(WebSocketCloseStatus.INVALID_MESSAGE_TYPE,
                    "text frames are not supported: send tunnel messages in binary frames");
        } else {
            frame.release(); // pong: any input already counts as life
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (deferredPong != null && ctx.channel().isWritable()) {
            ByteBuf payload = deferredPong;
            deferredPong = null;
            ctx.writeAndFlush(new PongWebSocketFrame(payload));
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseDeferredPong();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseDeferredPong();
        ctx.fireChannelInactive();
    }

    private void releaseDeferredPong() {
        if (deferredPong != null) {
            deferredPong.release();
            deferredPong = null;
        }
    }
}
