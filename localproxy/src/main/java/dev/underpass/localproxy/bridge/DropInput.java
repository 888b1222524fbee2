package dev.underpass.localproxy.bridge;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * Replaces {@link LocalChannelHandler} on a local connection the peer has ended and whose output is shut down: what
 * the local side still sends is dropped, and an error closes the socket.
 */
@ChannelHandler.Sharable
final class DropInput extends ChannelInboundHandlerAdapter {
    static final DropInput INSTANCE = new DropInput();

    private DropInput() {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
