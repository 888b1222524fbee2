package dev.underpass.protocol;

import dev.underpass.protocol.proto.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Encodes tunnel messages as {@code [2-byte big-endian length][protobuf body]}. */
public final class TunnelMessages {
    private TunnelMessages() {
    }

    /**
     * Encodes a message with its length prefix.
     *
     * @throws IllegalArgumentException if its body exceeds {@value ProtocolLimits#MAX_MESSAGE_BYTES} bytes
     */
    public static ByteBuf encode(ByteBufAllocator alloc, Message message) {
        int size = message.getSerializedSize();
        if (size > ProtocolLimits.MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("message of " + size + " bytes exceeds "
                    + ProtocolLimits.MAX_MESSAGE_BYTES);
        }
        ByteBuf buf = alloc.buffer(ProtocolLimits.LENGTH_PREFIX_BYTES + size);
        try {
            buf.writeShort(size);
            message.writeTo(new ByteBufOutputStream(buf));
            return buf;
        } catch (IOException | RuntimeException e) {
            buf.release();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /**
     * Encodes a DATA message carrying the readable bytes of {@code payload} (consumed, not released) without
     * building a protobuf object. The bytes are identical to what protobuf would write for the same fields.
     *
     * @param serviceId    empty for a V1 session
     * @param connectionId 0 for a V1/V2 session
     * @throws IllegalArgumentException if the payload exceeds {@value ProtocolLimits#MAX_DATA_PAYLOAD_BYTES} bytes
     */
    public static ByteBuf encodeData(ByteBufAllocator alloc, int streamId, String serviceId, int connectionId,
            ByteBuf payload) {
        DataLayout layout = DataLayout.of(streamId, serviceId, connectionId, payload.readableBytes());
        ByteBuf buf = alloc.buffer(layout.messageBytes());
        buf.writeBytes(layout.head());
        buf.writeBytes(payload);
        buf.writeBytes(layout.tail());
        return buf;
    }

    /** A control message of the given type for one stream, with service and connection ids when non-empty. */
    public static Message control(Message.Type type, int streamId, String serviceId, int connectionId) {
        Message.Builder b = Message.newBuilder().setType(type).setStreamId(streamId).setConnectionId(connectionId);
        if (serviceId != null && !serviceId.isEmpty()) {
            b.setServiceId(serviceId);
        }
        return b.build();
    }

    /** The SERVICE_IDS message that opens every session. */
    public static Message serviceIds(Iterable<String> services) {
        return Message.newBuilder().setType(Message.Type.SERVICE_IDS).addAllAvailableServiceIds(services).build();
    }
}
