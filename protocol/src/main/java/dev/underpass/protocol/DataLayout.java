package dev.underpass.protocol;

import dev.underpass.protocol.proto.Message;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The bytes of a length-prefixed DATA message around its payload, as protobuf writes them: {@code head} is the
 * length prefix, the type, the stream id and the payload's tag and length; {@code tail} is the service id and the
 * connection id (protobuf writes fields in field-number order, and the payload is field 4). So a message is
 * {@code head + payload + tail}, and an encoder can copy the payload once, wherever it goes.
 */
record DataLayout(byte[] head, int payloadBytes, byte[] tail) {
    private static final int TYPE_TAG = (1 << 3);
    private static final int STREAM_ID_TAG = (2 << 3);
    private static final int PAYLOAD_TAG = (4 << 3) | 2;
    private static final int SERVICE_ID_TAG = (5 << 3) | 2;
    private static final int CONNECTION_ID_TAG = (7 << 3);
    /** Prefix 2 + type 2 + stream id 1 + 10 (a negative int32 is sign-extended) + payload tag 1 + length 3. */
    private static final int MAX_HEAD_BYTES = 19;
    private static final byte[] NO_BYTES = new byte[0];

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
        byte[] service = serviceId.getBytes(StandardCharsets.UTF_8);
        byte[] tail = NO_BYTES;
        if (service.length != 0 || connectionId != 0) {
            Writer t = new Writer(service.length + 16);
            if (service.length != 0) {
                t.put(SERVICE_ID_TAG);
                t.varint(service.length);
                t.put(service);
            }
            if (connectionId != 0) {
                t.put(CONNECTION_ID_TAG);
                t.varint(Integer.toUnsignedLong(connectionId));
            }
            tail = t.bytes();
        }
        Writer h = new Writer(MAX_HEAD_BYTES);
        h.pos = ProtocolLimits.LENGTH_PREFIX_BYTES; // filled in below, once the size is known
        h.put(TYPE_TAG);
        h.put(Message.Type.DATA_VALUE);
        if (streamId != 0) {
            h.put(STREAM_ID_TAG);
            h.varint(streamId); // int32 is sign-extended on the wire, as protobuf does
        }
        if (payloadBytes != 0) {
            h.put(PAYLOAD_TAG);
            h.varint(payloadBytes);
        }
        int size = h.pos - ProtocolLimits.LENGTH_PREFIX_BYTES + payloadBytes + tail.length;
        if (size > ProtocolLimits.MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("message of " + size + " bytes exceeds "
                    + ProtocolLimits.MAX_MESSAGE_BYTES);
        }
        h.buf[0] = (byte) (size >>> 8);
        h.buf[1] = (byte) size;
        return new DataLayout(h.bytes(), payloadBytes, tail);
    }

    /** The whole message's bytes, length prefix included. */
    int messageBytes() {
        return head.length + payloadBytes + tail.length;
    }

    private static final class Writer {
        final byte[] buf;
        int pos;

        Writer(int capacity) {
            buf = new byte[capacity];
        }

        void put(int b) {
            buf[pos++] = (byte) b;
        }

        void put(byte[] bytes) {
            System.arraycopy(bytes, 0, buf, pos, bytes.length);
            pos += bytes.length;
        }

        void varint(long value) {
            while ((value & ~0x7FL) != 0) {
                put((int) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            put((int) value);
        }

        byte[] bytes() {
            return pos == buf.length ? buf : Arrays.copyOf(buf, pos);
        }
    }
}
