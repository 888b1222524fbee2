package dev.underpass.server.relay;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the router's place while the {@link TunnelAuthority} decides about an upgrade request. A client must not
 * send before the 101 answer; whatever it sends anyway is released unread.
 */
final class PendingAdmission extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(PendingAdmission.class);

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        log.debug("{} sent {} before its upgrade was answered; dropped", ctx.channel(), msg.getClass().getSimpleName());
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("{} failed while waiting for admission: {}", ctx.channel(), cause.toString());
        ctx.close();
    }
}
