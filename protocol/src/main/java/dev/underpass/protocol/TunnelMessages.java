package dev.underpass.protocol;

import com.google.protobuf.CodedOutputStream;
import dev.underpass.protocol.proto.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Encodes tunnel messages as {@code [2-byte big-endian length][protobuf body]}. */
public final class TunnelMessages {
    private static final int TYPE_TAG = (1 << 3);
    private static final int STREAM_ID_TAG = (2 << 3);
    private static final int PAYLOAD_TAG = (4 << 3) | 2;
    private static final int SERVICE_ID_TAG = (5 << 3) | 2;
    private static final int CONNECTION_ID_TAG = (7 << 3);

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
        int payloadLength = payload.readableBytes();
        if (payloadLength > ProtocolLimits.MAX_DATA_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("payload of " + payloadLength + " bytes exceeds "
                    + ProtocolLimits.MAX_DATA_PAYLOAD_BYTES);
        }
        byte[] service = serviceId.getBytes(StandardCharsets.UTF_8);
        int size = CodedOutputStream.computeUInt32SizeNoTag(TYPE_TAG) + 1
                + (streamId != 0 ? 1 + CodedOutputStream.computeInt32SizeNoTag(streamId) : 0)
                + (payloadLength != 0 ? 1 + CodedOutputStream.computeUInt32SizeNoTag(payloadLength) + payloadLength : 0)
                + (service.length != 0 ? 1 + CodedOutputStream.computeUInt32SizeNoTag(service.length) + service.length : 0)
                + (connectionId != 0 ? 1 + CodedOutputStream.computeUInt32SizeNoTag(connectionId) : 0);
        if (size > ProtocolLimits.MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("message of " + size + " bytes exceeds "
                    + ProtocolLimits.MAX_MESSAGE_BYTES);
        }
        ByteBuf buf = alloc.buffer(ProtocolLimits.LENGTH_PREFIX_BYTES + size);
        buf.writeShort(size);
        buf.writeByte(TYPE_TAG);
        buf.writeByte(Message.Type.DATA_VALUE);
        if (streamId != 0) {
            buf.writeByte(STREAM_ID_TAG);
            writeVarint64(buf, streamId); // int32 is sign-extended on the wire, as protobuf does
        }
        if (payloadLength != 0) {
            buf.writeByte(PAYLOAD_TAG);
            writeVarint64(buf, payloadLength);
            buf.writeBytes(payload);
        }
        if (service.length != 0) {
            buf.writeByte(SERVICE_ID_TAG);
            writeVarint64(buf, service.length);
            buf.writeBytes(service);
        }
        if (connectionId != 0) {
            buf.writeByte(CONNECTION_ID_TAG);
            writeVarint64(buf, Integer.toUnsignedLong(connectionId));
        }
        return buf;
    }

    private static void writeVarint64(ByteBuf buf, long value) {
        while ((value & ~0x7FL) != 0) {
            buf.writeByte((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        buf.writeByte((int) value);
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
