package dev.underpass.localproxy.testing;

import dev.underpass.protocol.Mode;
import dev.underpass.protocol.TunnelFrame;
import dev.underpass.protocol.TunnelFrameDecoder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * Forwards one side's binary frames to the other side unchanged (dropping them while the other side is absent),
 * pausing reads while the other side cannot keep up, and records the tunnel messages in them.
 */
final class RelayFrameHandler extends ChannelInboundHandlerAdapter {
    private final TestRelay relay;
    private final Mode mode;
    private final EmbeddedChannel recorder = new EmbeddedChannel(new TunnelFrameDecoder());

    RelayFrameHandler(TestRelay relay, Mode mode) {
        this.relay = relay;
        this.mode = mode;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof BinaryWebSocketFrame || msg instanceof ContinuationWebSocketFrame) {
            WebSocketFrame frame = (WebSocketFrame) msg;
            record(frame);
            Channel peer = relay.peer(mode);
            if (peer == null) {
                frame.release();
                return;
            }
            peer.writeAndFlush(new BinaryWebSocketFrame(frame.content()));
            if (!peer.isWritable()) {
                ctx.channel().config().setAutoRead(false);
            }
        } else if (msg instanceof PingWebSocketFrame ping) {
            if (relay.answerPings) {
                ctx.writeAndFlush(new PongWebSocketFrame(ping.content()));
                relay.pongs.incrementAndGet();
            } else {
                ping.release();
            }
        } else if (msg instanceof CloseWebSocketFrame close) {
            ctx.writeAndFlush(close).addListener(ChannelFutureListener.CLOSE);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void record(WebSocketFrame frame) {
        recorder.writeInbound(frame.content().retainedDuplicate());
        TunnelFrame decoded;
        while ((decoded = recorder.readInbound()) != null) {
            relay.received.get(mode).add(decoded.header());
            decoded.release();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Channel peer = relay.peer(mode);
        if (peer != null) {
            peer.config().setAutoRead(ctx.channel().isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        try {
            recorder.finishAndReleaseAll();
        } catch (RuntimeException e) {
            // a message cut off by the disconnect: nothing to record
        }
        Channel peer = relay.peer(mode);
        if (peer != null) {
            peer.config().setAutoRead(true);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
