package dev.underpass.localproxy.bridge;

import dev.underpass.localproxy.tunnel.Failures;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only handler of a local TCP connection while it is in the tunnel: passes its events to the
 * {@link TunnelConnection} (which swaps in {@link DropInput} once the peer has ended the connection).
 */
public final class LocalChannelHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(LocalChannelHandler.class);

    private final TunnelConnection connection;

    public LocalChannelHandler(TunnelConnection connection) {
        this.connection = connection;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        connection.attach(ctx.channel());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        connection.active();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf bytes) {
            connection.localBytes(bytes);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        connection.readComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        connection.writabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (Failures.isNoise(cause)) {
            LOG.debug("{}: {}", connection, Failures.describe(cause));
        } else {
            LOG.warn("{}: {}", connection, Failures.describe(cause));
        }
        ctx.close();
    }
}
