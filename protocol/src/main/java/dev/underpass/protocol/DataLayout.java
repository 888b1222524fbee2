package dev.underpass.protocol;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import dev.underpass.protocol.proto.Message;
import java.io.IOException;

/**
 * The bytes of a length-prefixed DATA message around its payload, as protobuf writes them: {@code head} is the
 * length prefix, the type, the stream id and the payload's tag and length; {@code tail} is the service id and the
 * connection id (protobuf writes fields in field-number order, and the payload is field 4). So a message is
 * {@code head + payload + tail}, and an encoder can copy the payload once, wherever it goes. The fields are written
 * by protobuf's own {@link CodedOutputStream}.
 */
record DataLayout(byte[] head, int payloadBytes, byte[] tail) {
    /**
     * @param serviceId    empty for a V1 session
     * @param connectionId 0 for a V1/V2 session
     * @throws IllegalArgumentException if the payload exceeds {@value ProtocolLimits#MAX_DATA_PAYLOAD_BYTES} bytes
     *                                  or the message exceeds {@value ProtocolLimits#MAX_MESSAGE_BYTES}
     */
    static DataLayout of(int streamId, String serviceId, int connectionId, int payloadBytes) {
        if (payloadBytes > ProtocolLimits.MAX_DATA_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("payload of " + payloadBytes + " bytes exceeds "
                    + ProtocolLimits.MAX_DATA_PAYLOAD_BYTES);
        }
        // Fields that hold their default value are left out, as protobuf leaves them out.
        int headFields = CodedOutputStream.computeEnumSize(Message.TYPE_FIELD_NUMBER, Message.Type.DATA_VALUE)
                + (streamId != 0 ? CodedOutputStream.computeInt32Size(Message.STREAMID_FIELD_NUMBER, streamId) : 0)
                + (payloadBytes != 0 ? CodedOutputStream.computeTagSize(Message.PAYLOAD_FIELD_NUMBER)
                        + CodedOutputStream.computeUInt32SizeNoTag(payloadBytes) : 0);
        int tailFields = (serviceId.isEmpty() ? 0
                : CodedOutputStream.computeStringSize(Message.SERVICEID_FIELD_NUMBER, serviceId))
                + (connectionId != 0
                        ? CodedOutputStream.computeUInt32Size(Message.CONNECTIONID_FIELD_NUMBER, connectionId) : 0);
        int size = headFields + payloadBytes + tailFields;
        if (size > ProtocolLimits.MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("message of " + size + " bytes exceeds "
                    + ProtocolLimits.MAX_MESSAGE_BYTES);
        }
        byte[] head = new byte[ProtocolLimits.LENGTH_PREFIX_BYTES + headFields];
        head[0] = (byte) (size >>> 8);
        head[1] = (byte) size;
        byte[] tail = new byte[tailFields];
        try {
            CodedOutputStream h = CodedOutputStream.newInstance(head, ProtocolLimits.LENGTH_PREFIX_BYTES, headFields);
            h.writeEnum(Message.TYPE_FIELD_NUMBER, Message.Type.DATA_VALUE);
            if (streamId != 0) {
                h.writeInt32(Message.STREAMID_FIELD_NUMBER, streamId); // sign-extended when negative, as protobuf does
            }
            if (payloadBytes != 0) {
                h.writeTag(Message.PAYLOAD_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                h.writeUInt32NoTag(payloadBytes);
            }
            h.checkNoSpaceLeft();
            CodedOutputStream t = CodedOutputStream.newInstance(tail);
            if (!serviceId.isEmpty()) {
                t.writeString(Message.SERVICEID_FIELD_NUMBER, serviceId);
            }
            if (connectionId != 0) {
                t.writeUInt32(Message.CONNECTIONID_FIELD_NUMBER, connectionId);
            }
            t.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new IllegalStateException("a DATA header did not fit the size protobuf computed for it", e);
        }
        return new DataLayout(head, payloadBytes, tail);
    }

    /** The whole message's bytes, length prefix included. */
    int messageBytes() {
        return head.length + payloadBytes + tail.length;
    }
}
