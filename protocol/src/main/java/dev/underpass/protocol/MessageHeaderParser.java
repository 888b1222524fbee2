package dev.underpass.protocol;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a protobuf {@code Message} body into a {@link MessageHeader} without copying the payload. It accepts exactly
 * what protobuf-java's generated parser accepts (unknown fields and fields with an unexpected wire type are skipped,
 * strings must be UTF-8, the last occurrence of a field wins), so a body it accepts also parses as a {@code Message}.
 */
public final class MessageHeaderParser {
    private static final int TYPE = 1;
    private static final int STREAM_ID = 2;
    private static final int IGNORABLE = 3;
    private static final int PAYLOAD = 4;
    private static final int SERVICE_ID = 5;
    private static final int AVAILABLE_SERVICE_IDS = 6;
    private static final int CONNECTION_ID = 7;

    private MessageHeaderParser() {
    }

    /**
     * Parses {@code length} bytes of {@code buf} starting at {@code index} (reader index untouched).
     *
     * @throws ProtocolException if the bytes are not a valid protobuf {@code Message}
     */
    public static MessageHeader parse(ByteBuf buf, int index, int length) {
        CodedInputStream in = CodedInputStream.newInstance(buf.nioBuffer(index, length));
        int type = 0;
        int streamId = 0;
        boolean ignorable = false;
        String serviceId = "";
        List<String> available = new ArrayList<>(0);
        int connectionId = 0;
        int payloadOffset = 0;
        int payloadLength = 0;
        try {
            int tag;
            while ((tag = in.readTag()) != 0) {
                int field = WireFormat.getTagFieldNumber(tag);
                int wireType = WireFormat.getTagWireType(tag);
                if (field == TYPE && wireType == WireFormat.WIRETYPE_VARINT) {
                    type = in.readEnum();
                } else if (field == STREAM_ID && wireType == WireFormat.WIRETYPE_VARINT) {
                    streamId = in.readInt32();
                } else if (field == IGNORABLE && wireType == WireFormat.WIRETYPE_VARINT) {
                    ignorable = in.readBool();
                } else if (field == PAYLOAD && wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    payloadLength = in.readRawVarint32();
                    if (payloadLength < 0) {
                        throw new ProtocolException("undecodable message: negative payload length");
                    }
                    payloadOffset = in.getTotalBytesRead();
                    in.skipRawBytes(payloadLength);
                } else if (field == SERVICE_ID && wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    serviceId = in.readStringRequireUtf8();
                } else if (field == AVAILABLE_SERVICE_IDS && wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    available.add(in.readStringRequireUtf8());
                } else if (field == CONNECTION_ID && wireType == WireFormat.WIRETYPE_VARINT) {
                    connectionId = in.readUInt32();
                } else if (!in.skipField(tag)) {
                    throw new ProtocolException("undecodable message: unexpected end-group tag");
                }
            }
        } catch (InvalidProtocolBufferException e) {
            throw new ProtocolException("undecodable message: " + e.getMessage());
        } catch (IOException e) {
            throw new ProtocolException("undecodable message: " + e.getMessage());
        }
        return new MessageHeader(type, streamId, ignorable, serviceId, available, connectionId, payloadOffset,
                payloadLength);
    }
}
