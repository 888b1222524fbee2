package dev.underpass.server.mqtt.gate;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import java.util.List;

/**
 * Cuts the first MQTT packet (the CONNECT) out of the device's byte stream and passes it on as one buffer, then
 * stops reading and leaves the pipeline: bytes that came after it go on unparsed, to be relayed as they are.
 * A packet above {@code maxBytes} or a malformed length closes the connection.
 */
final class FirstPacketDecoder extends ByteToMessageDecoder {
    private final int maxBytes;

    FirstPacketDecoder(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        if (in.readableBytes() < 2) {
            return;
        }
        int remaining = 0;
        int multiplier = 1;
        int index = start + 1;
        while (true) {
            if (index >= in.writerIndex()) {
                return; // the length is not all here yet
            }
            byte b = in.getByte(index++);
            remaining += (b & 0x7f) * multiplier;
            if ((b & 0x80) == 0) {
                break;
            }
            multiplier *= 128;
            if (multiplier > 128 * 128 * 128) {
                throw discard(in, "malformed MQTT remaining length");
            }
        }
        int total = index - start + remaining;
        if (total > maxBytes) {
            throw discard(in, "first MQTT packet of " + total + " bytes is above the limit of " + maxBytes);
        }
        if (in.readableBytes() < total) {
            return;
        }
        ctx.channel().config().setAutoRead(false); // from here on the gate decides when to read
        out.add(in.readRetainedSlice(total));
        ctx.pipeline().remove(this);
    }

    /** Drops what was received, so that the closing connection does not decode (and report) it again. */
    private static CorruptedFrameException discard(ByteBuf in, String problem) {
        in.skipBytes(in.readableBytes());
        return new CorruptedFrameException(problem);
    }
}
