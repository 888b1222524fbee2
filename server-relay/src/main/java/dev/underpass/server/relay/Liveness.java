package dev.underpass.server.relay;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.concurrent.Ticker;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Tells live clients from dead ones. After {@code pingInterval} without input it sends a WebSocket ping (the payload
 * is the current epoch milliseconds in ASCII digits, which the localproxy can parse); when nothing at all has come in
 * for {@code idleTimeout} it closes the connection with 1001. Silence the relay causes is not held against the
 * client: while the relay has paused reading it for backpressure, or while bytes queued for it keep draining (it is
 * reading, only slowly), it counts as alive. It sits before the WebSocket decoder, so every received byte counts,
 * also of a large frame that trickles in. Event loop only.
 */
final class Liveness extends ChannelInboundHandlerAdapter {
    private static final long MIN_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final long pingNanos;
    private final long idleNanos;
    private final Clock clock;
    private final BooleanSupplier readingPaused;
    private final WebSocketCloser closer;
    private ChannelHandlerContext ctx;
    private Ticker ticker;
    private ScheduledFuture<?> tick;
    private long lastReadNanos;
    private long lastAliveNanos;
    private long lastPingNanos;
    private int lastPendingIdentity;
    private long lastPendingProgress;

    Liveness(RelaySettings settings, Clock clock, BooleanSupplier readingPaused, WebSocketCloser closer) {
        this.pingNanos = settings.pingInterval().toNanos();
        this.idleNanos = settings.idleTimeout().toNanos();
        this.clock = clock;
        this.readingPaused = readingPaused;
        this.closer = closer;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.ticker = ctx.executor().ticker();
        long now = ticker.nanoTime();
        lastReadNanos = now;
        lastAliveNanos = now;
        lastPingNanos = now;
        schedule(pingNanos);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastReadNanos = ticker.nanoTime();
        ctx.fireChannelRead(msg);
    }

    private void check() {
        tick = null;
        if (!ctx.channel().isActive() || closer.isClosing()) {
            return;
        }
        long now = ticker.nanoTime();
        if (readingPaused.getAsBoolean() || outboundDrained()) {
            lastAliveNanos = now;
        }
        long heard = Math.max(lastReadNanos, lastAliveNanos);
        if (now - heard >= idleNanos) {
            long silentMillis = TimeUnit.NANOSECONDS.toMillis(now - heard);
            closer.close(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE, "nothing received for "
                    + (silentMillis >= 1000 ? silentMillis / 1000 + " s" : silentMillis + " ms")
                    + ": connection presumed dead");
            return;
        }
        long pingBase = Math.max(lastReadNanos, lastPingNanos);
        if (now - pingBase >= pingNanos) {
            // Skip when the client is not reading what we write: a ping would only queue (one per interval).
            if (ctx.channel().isWritable()) {
                byte[] payload = Long.toString(clock.millis()).getBytes(StandardCharsets.US_ASCII);
                ctx.writeAndFlush(new PingWebSocketFrame(Unpooled.wrappedBuffer(payload)));
            }
            lastPingNanos = now;
            pingBase = now;
        }
        schedule(Math.min(heard + idleNanos, pingBase + pingNanos) - now);
    }

    /** Whether the head of the outbound queue moved since the last check: the client is taking our bytes. */
    private boolean outboundDrained() {
        ChannelOutboundBuffer buffer = ctx.channel().unsafe().outboundBuffer();
        Object current = buffer == null ? null : buffer.current();
        if (current == null) {
            lastPendingIdentity = 0;
            return false;
        }
        int identity = System.identityHashCode(current);
        long progress = buffer.currentProgress();
        boolean moved = identity != lastPendingIdentity || progress != lastPendingProgress;
        lastPendingIdentity = identity;
        lastPendingProgress = progress;
        return moved;
    }

    private void schedule(long delayNanos) {
        tick = ctx.executor().schedule(this::check, Math.max(delayNanos, MIN_TICK_NANOS), TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        if (tick != null) {
            tick.cancel(false);
            tick = null;
        }
    }
}
