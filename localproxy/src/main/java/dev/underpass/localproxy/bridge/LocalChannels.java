package dev.underpass.localproxy.bridge;

import dev.underpass.protocol.ProtocolLimits;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;

/**
 * Options of every local TCP connection: auto-read off (a socket is read only while the tunnel can take more),
 * explicit water marks (above the high one the tunnel stops reading from the server), no Nagle delay, and reads of
 * exactly one DATA message's worth.
 */
public final class LocalChannels {
    /** Bytes queued towards a local socket above which the tunnel stops reading from the server. */
    public static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(64 * 1024, 256 * 1024);
    /**
     * Each read asks for the largest DATA payload, so a full read becomes one message. (An adaptive size grows to
     * 64 KiB, one read then made a full message and a 1 KiB one: twice the messages, frames and sends per MB.) The
     * buffer lives only until the read is encoded, so its size costs no memory between reads.
     */
    private static final FixedRecvByteBufAllocator READS =
            new FixedRecvByteBufAllocator(ProtocolLimits.MAX_DATA_PAYLOAD_BYTES);

    private LocalChannels() {
    }

    /** Applies the options to the connections a listener accepts. */
    public static ServerBootstrap configure(ServerBootstrap b) {
        return b.childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, READS);
    }

    /** Applies the options to outgoing connections. */
    public static Bootstrap configure(Bootstrap b) {
        return b.option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .option(ChannelOption.RCVBUF_ALLOCATOR, READS);
    }
}
