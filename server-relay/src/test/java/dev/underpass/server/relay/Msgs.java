package dev.underpass.server.relay;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.underpass.protocol.TunnelMessages;
import dev.underpass.protocol.proto.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/** Tunnel messages as bytes, for tests. */
final class Msgs {
    private Msgs() {
    }

    static byte[] bytes(Message message) {
        ByteBuf buf = TunnelMessages.encode(UnpooledByteBufAllocator.DEFAULT, message);
        try {
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    static byte[] streamStart(int streamId, String service, int connectionId) {
        return bytes(TunnelMessages.control(Message.Type.STREAM_START, streamId, service, connectionId));
    }

    static byte[] connectionStart(int streamId, String service, int connectionId) {
        return bytes(TunnelMessages.control(Message.Type.CONNECTION_START, streamId, service, connectionId));
    }

    static byte[] streamReset(int streamId, String service) {
        return bytes(TunnelMessages.control(Message.Type.STREAM_RESET, streamId, service, 0));
    }

    static byte[] data(int streamId, String service, int connectionId, byte[] payload) {
        Message.Builder b = Message.newBuilder().setType(Message.Type.DATA).setStreamId(streamId)
                .setConnectionId(connectionId).setPayload(ByteString.copyFrom(payload));
        if (!service.isEmpty()) {
            b.setServiceId(service);
        }
        return bytes(b.build());
    }

    static byte[] of(Message.Type type, int streamId, String service) {
        return bytes(TunnelMessages.control(type, streamId, service, 0));
    }

    /** Parses one whole frame {@code [len][body]}; fails if the length does not match. */
    static Message parse(byte[] frame) {
        int length = ((frame[0] & 0xff) << 8) | (frame[1] & 0xff);
        if (length != frame.length - 2) {
            throw new AssertionError("frame of " + frame.length + " bytes announces " + length);
        }
        try {
            return Message.parseFrom(Arrays.copyOfRange(frame, 2, frame.length));
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] payload(int size, int seed) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (seed * 31 + i * 7);
        }
        return bytes;
    }
}
