package dev.underpass.server.relay;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a relayed connection the WebSocket way, once: a close frame with a status and a reason, then the TCP
 * connection. When the client sent the first close frame, the connection ends as soon as the answer is out. When the
 * server starts the closing handshake, it then reads and discards what the client still sends until the client's
 * close frame or the end of its input, and ends the connection then: a socket closed with unread input makes the
 * kernel answer with RST, which can destroy the close frame before the client reads it (a client caught in the middle
 * of sending, e.g. an oversized frame, saw "connection reset" instead of the reason). Either way the grace period
 * bounds the wait (a close frame that cannot get out to a peer that stopped reading, or a client that never answers).
 * It sits right after the WebSocket encoder, so every frame written passes it: once the close frame is sent, later
 * frames (messages the peer forwards meanwhile, pongs) are released here, as RFC 6455 §5.5.1 wants.
 *
 * <p>{@link #close} may be called from any thread; everything else runs on the channel's event loop.
 */
final class WebSocketCloser extends ChannelOutboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(WebSocketCloser.class);

    private final long graceNanos;
    private ChannelHandlerContext ctx;
    private boolean closing;
    private boolean closeFrameSent;
    private Runnable onClosing = () -> { };

    WebSocketCloser(Duration grace) {
        this.graceNanos = grace.toNanos();
    }

    /** Runs {@code hook} on the event loop when closing starts, before the close frame is written. */
    void onClosing(Runnable hook) {
        this.onClosing = hook;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** Whether the connection is being closed; its input is to be ignored. Event loop only. */
    boolean isClosing() {
        return closing;
    }

    /** Sends a close frame with {@code status} and {@code reason} (cut to fit), then closes. Idempotent. */
    void close(WebSocketCloseStatus status, String reason) {
        EventExecutor loop = ctx.executor();
        if (!loop.inEventLoop()) {
            try {
                loop.execute(() -> close(status, reason));
            } catch (RejectedExecutionException e) {
                log.debug("event loop gone, closing {} directly", ctx.channel(), e);
                ctx.channel().close();
            }
            return;
        }
        if (closing) {
            return;
        }
        startClosing();
        log.debug("closing {} with {} {}", ctx.channel(), status.code(), reason);
        sendAndClose(new CloseWebSocketFrame(status.code(), Text.closeReason(reason)), false);
    }

    /** The client sent a close frame: answer it with the same status unless we already sent ours, then close. */
    void answer(int clientStatusCode) {
        if (closeFrameSent) {
            ctx.channel().close();
            return;
        }
        startClosing();
        sendAndClose(WebSocketCloseStatus.isValidStatusCode(clientStatusCode)
                ? new CloseWebSocketFrame(clientStatusCode, "")
                : new CloseWebSocketFrame(), true);
    }

    private void startClosing() {
        if (!closing) {
            closing = true;
            onClosing.run();
        }
    }

    private void sendAndClose(CloseWebSocketFrame frame, boolean answering) {
        Channel channel = ctx.channel();
        closeFrameSent = true;
        if (!channel.isActive()) {
            frame.release();
            channel.close();
            return;
        }
        // The frame queues behind whatever the peer is not reading, and a client may never answer: not forever.
        ScheduledFuture<?> cut = ctx.executor().schedule(() -> channel.close(), graceNanos, TimeUnit.NANOSECONDS);
        channel.closeFuture().addListener(f -> cut.cancel(false));
        if (answering) {
            ctx.writeAndFlush(frame).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.writeAndFlush(frame).addListener(f -> {
            if (!f.isSuccess()) {
                channel.close();
                return;
            }
            // Drain until the client's close frame (answer() then closes) or the end of its input (Netty closes a
            // channel whose input ended). The relay's handlers drop every frame from now on.
            channel.config().setAutoRead(true);
        });
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (closeFrameSent) {
            ReferenceCountUtil.release(msg);
            promise.tryFailure(new ClosedChannelException());
            return;
        }
        if (msg instanceof CloseWebSocketFrame) {
            closeFrameSent = true;
            startClosing();
        }
        ctx.write(msg, promise);
    }
}
