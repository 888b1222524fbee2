package dev.underpass.protocol;

import dev.underpass.protocol.proto.Message;
import java.util.List;

/**
 * Every field of one tunnel message except the payload bytes, which stay where they are in the frame:
 * {@code payloadOffset} and {@code payloadLength} locate them inside the protobuf body. This lets the relay check
 * and route a message without copying its data.
 *
 * @param typeNumber           the raw enum number of {@code type} (unknown numbers are kept, see {@link #type()})
 * @param streamId             {@code streamId}, 0 when absent
 * @param ignorable            {@code ignorable}
 * @param serviceId            {@code serviceId}, empty when absent
 * @param availableServiceIds  {@code availableServiceIds}
 * @param connectionId         {@code connectionId}, 0 when absent (V1/V2 peers)
 * @param payloadOffset        offset of the payload bytes from the start of the protobuf body
 * @param payloadLength        length of the payload, 0 when absent
 */
public record MessageHeader(
        int typeNumber,
        int streamId,
        boolean ignorable,
        String serviceId,
        List<String> availableServiceIds,
        int connectionId,
        int payloadOffset,
        int payloadLength) {

    public MessageHeader {
        availableServiceIds = List.copyOf(availableServiceIds);
    }

    /** The message type; {@link Message.Type#UNRECOGNIZED} for a number this version does not know. */
    public Message.Type type() {
        Message.Type t = Message.Type.forNumber(typeNumber);
        return t == null ? Message.Type.UNRECOGNIZED : t;
    }

    /** Whether the message belongs to a stream (DATA, STREAM_START/RESET, CONNECTION_START/RESET). */
    public boolean isStreamMessage() {
        return switch (type()) {
            case DATA, STREAM_START, STREAM_RESET, CONNECTION_START, CONNECTION_RESET -> true;
            default -> false;
        };
    }

    @Override
    public String toString() {
        return "MessageHeader[type=" + type() + "(" + typeNumber + "), streamId=" + streamId
                + ", serviceId=" + serviceId + ", connectionId=" + Integer.toUnsignedString(connectionId)
                + ", ignorable=" + ignorable + ", payloadLength=" + payloadLength + "]";
    }
}
