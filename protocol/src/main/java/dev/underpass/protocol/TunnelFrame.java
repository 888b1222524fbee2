package dev.underpass.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * One complete tunnel message as it travels: the whole frame ({@code [2-byte length][protobuf body]}) in
 * {@link #content()}, and its parsed {@link #header()}. The frame bytes are forwarded as they are, so a relay never
 * re-encodes. Reference counted: whoever holds a frame releases it, or passes it on to a write that does.
 */
public final class TunnelFrame extends DefaultByteBufHolder {
    private final MessageHeader header;

    public TunnelFrame(ByteBuf frame, MessageHeader header) {
        super(frame);
        this.header = header;
    }

    public MessageHeader header() {
        return header;
    }

    /** A retained slice of just the payload bytes; the caller releases it. */
    public ByteBuf retainedPayload() {
        return content().retainedSlice(
                ProtocolLimits.LENGTH_PREFIX_BYTES + header.payloadOffset(), header.payloadLength());
    }

    @Override
    public TunnelFrame replace(ByteBuf content) {
        return new TunnelFrame(content, header);
    }

    @Override
    public TunnelFrame retain() {
        super.retain();
        return this;
    }

    @Override
    public TunnelFrame touch(Object hint) {
        super.touch(hint);
        return this;
    }

    @Override
    public String toString() {
        return "TunnelFrame[" + content().readableBytes() + " bytes, " + header + "]";
    }
}
