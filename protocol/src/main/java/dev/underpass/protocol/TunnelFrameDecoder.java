package dev.underpass.protocol;

import dev.underpass.protocol.proto.Message;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Cuts the byte stream carried by binary WebSocket messages into {@link TunnelFrame}s. Tunnel messages need not
 * line up with WebSocket messages: one may be split across several, or several packed into one; this decoder
 * accumulates until a whole {@code [2-byte length][body]} is there. Each frame is a retained slice of the input,
 * so nothing is copied.
 *
 * <p>Structural errors raise {@link ProtocolException}: an undecodable body, a body without a type, a DATA payload
 * over {@value ProtocolLimits#MAX_DATA_PAYLOAD_BYTES} bytes, or input that ends inside a message. After an error
 * the decoder discards everything: the connection is expected to be closed.
 */
public final class TunnelFrameDecoder extends ByteToMessageDecoder {
    private boolean failed;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        while (in.readableBytes() >= ProtocolLimits.LENGTH_PREFIX_BYTES) {
            int start = in.readerIndex();
            int length = in.getUnsignedShort(start);
            int total = ProtocolLimits.LENGTH_PREFIX_BYTES + length;
            if (in.readableBytes() < total) {
                return;
            }
            MessageHeader header;
            try {
                header = parseAndCheck(in, start + ProtocolLimits.LENGTH_PREFIX_BYTES, length);
            } catch (ProtocolException e) {
                failed = true;
                in.skipBytes(in.readableBytes());
                throw e;
            }
            out.add(new TunnelFrame(in.readRetainedSlice(total), header));
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        decode(ctx, in, out);
        if (!failed && in.isReadable()) {
            int have = in.readableBytes();
            in.skipBytes(have);
            failed = true;
            throw new ProtocolException("truncated message: input ended after " + have + " bytes of a message");
        }
    }

    /** Parses one body and applies the structural rules every peer must keep. */
    static MessageHeader parseAndCheck(ByteBuf buf, int index, int length) {
        MessageHeader header = MessageHeaderParser.parse(buf, index, length);
        if (header.typeNumber() == Message.Type.UNKNOWN_VALUE) {
            throw new ProtocolException("message has no type");
        }
        if (header.payloadLength() > ProtocolLimits.MAX_DATA_PAYLOAD_BYTES) {
            throw new ProtocolException("payload of " + header.payloadLength() + " bytes exceeds the limit of "
                    + ProtocolLimits.MAX_DATA_PAYLOAD_BYTES);
        }
        return header;
    }
}
