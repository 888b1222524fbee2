package dev.underpass.server.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits right after TLS and swallows what the network does to every public server — failed TLS handshakes (clients
 * that do not trust our CA, scanners, plain HTTP on the TLS port) and connection resets — logging one line at debug
 * and closing the connection. Anything else goes on to the handlers that know what it means.
 */
@ChannelHandler.Sharable
public final class TransportNoise extends ChannelInboundHandlerAdapter {
    public static final TransportNoise INSTANCE = new TransportNoise();
    private static final Logger LOG = LoggerFactory.getLogger(TransportNoise.class);

    private TransportNoise() {
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof SSLException) {
            LOG.debug("TLS handshake with {} failed: {}", ctx.channel().remoteAddress(), root.getMessage());
            ctx.close();
        } else if (root instanceof IOException) {
            LOG.debug("Connection {} failed: {}", ctx.channel().remoteAddress(), root.getMessage());
            ctx.close();
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }
}
