package dev.underpass.server.mqtt.gate;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The broker side of an admitted device connection: what the broker sends goes to the device unchanged, read only
 * while the device is writable; when either side closes, both do.
 */
final class BrokerLink extends ChannelInboundHandlerAdapter {
    private final Channel device;

    BrokerLink(Channel device) {
        this.device = device;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        device.write(msg).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        device.flush();
        if (device.isWritable()) {
            ctx.read();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            device.read();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // The broker ended the session (a refused CONNECT, a takeover, a protocol error): the device learns it by
        // the connection closing after what the broker sent.
        device.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
