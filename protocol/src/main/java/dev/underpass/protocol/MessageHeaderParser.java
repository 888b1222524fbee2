package dev.underpass.protocol;

import com.google.protobuf.Internal;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a protobuf {@code Message} body into a {@link MessageHeader} straight from the {@link ByteBuf}, without
 * copying the payload or anything else (protobuf's own {@code CodedInputStream} copies a buffer it cannot address
 * directly, which cost a pass over every relayed byte). It accepts exactly what protobuf-java's generated parser
 * accepts: unknown fields and fields with an unexpected wire type are skipped (groups nested at most 100 deep),
 * strings must be UTF-8, the last occurrence of a field wins, varints are at most 10 bytes.
 */
public final class MessageHeaderParser {
    private static final int TYPE = 1;
    private static final int STREAM_ID = 2;
    private static final int IGNORABLE = 3;
    private static final int PAYLOAD = 4;
    private static final int SERVICE_ID = 5;
    private static final int AVAILABLE_SERVICE_IDS = 6;
    private static final int CONNECTION_ID = 7;

    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;
    private static final int START_GROUP = 3;
    private static final int END_GROUP = 4;
    private static final int FIXED32 = 5;
    /** protobuf-java's default recursion limit, which also bounds nested groups in unknown fields. */
    private static final int MAX_GROUP_DEPTH = 100;

    private final ByteBuf buf;
    private final int end;
    private int pos;

    private MessageHeaderParser(ByteBuf buf, int index, int length) {
        this.buf = buf;
        this.pos = index;
        this.end = index + length;
    }

    /**
     * Parses {@code length} bytes of {@code buf} starting at {@code index} (reader index untouched).
     *
     * @throws ProtocolException if the bytes are not a valid protobuf {@code Message}
     */
    public static MessageHeader parse(ByteBuf buf, int index, int length) {
        return new MessageHeaderParser(buf, index, length).message(index);
    }

    private MessageHeader message(int start) {
        int type = 0;
        int streamId = 0;
        boolean ignorable = false;
        String serviceId = "";
        List<String> available = List.of();
        int connectionId = 0;
        int payloadOffset = 0;
        int payloadLength = 0;
        while (pos < end) {
            int tag = tag();
            int field = tag >>> 3;
            int wireType = tag & 7;
            if (field == TYPE && wireType == VARINT) {
                type = (int) varint64();
            } else if (field == STREAM_ID && wireType == VARINT) {
                streamId = (int) varint64();
            } else if (field == IGNORABLE && wireType == VARINT) {
                ignorable = varint64() != 0;
            } else if (field == PAYLOAD && wireType == LENGTH_DELIMITED) {
                payloadLength = length();
                payloadOffset = pos - start;
                pos += payloadLength;
            } else if (field == SERVICE_ID && wireType == LENGTH_DELIMITED) {
                serviceId = string();
            } else if (field == AVAILABLE_SERVICE_IDS && wireType == LENGTH_DELIMITED) {
                if (available.isEmpty()) {
                    available = new ArrayList<>(4);
                }
                available.add(string());
            } else if (field == CONNECTION_ID && wireType == VARINT) {
                connectionId = (int) varint64();
            } else {
                skipField(tag);
            }
        }
        return new MessageHeader(type, streamId, ignorable, serviceId, available, connectionId, payloadOffset,
                payloadLength);
    }

    private int tag() {
        int tag = (int) varint64();
        if ((tag >>> 3) == 0) {
            throw undecodable("invalid tag (zero)");
        }
        return tag;
    }

    /** Skips an unknown field; a group is skipped up to its matching end tag, without recursion. */
    private void skipField(int firstTag) {
        int[] openGroups = null;
        int depth = 0;
        int tag = firstTag;
        while (true) {
            int wireType = tag & 7;
            switch (wireType) {
                case VARINT -> varint64();
                case FIXED64 -> skip(8);
                case LENGTH_DELIMITED -> skip(length());
                case FIXED32 -> skip(4);
                case START_GROUP -> {
                    if (depth >= MAX_GROUP_DEPTH) {
                        throw undecodable("groups nested deeper than " + MAX_GROUP_DEPTH);
                    }
                    if (openGroups == null) {
                        openGroups = new int[MAX_GROUP_DEPTH];
                    }
                    openGroups[depth++] = tag >>> 3;
                }
                case END_GROUP -> {
                    if (depth == 0 || openGroups[depth - 1] != (tag >>> 3)) {
                        throw undecodable("unexpected end-group tag");
                    }
                    depth--;
                }
                default -> throw undecodable("invalid wire type " + wireType);
            }
            if (depth == 0) {
                return;
            }
            if (pos >= end) {
                throw undecodable("truncated group");
            }
            tag = tag();
        }
    }

    private String string() {
        int length = length();
        int at = pos;
        pos += length;
        if (length == 0) {
            return "";
        }
        byte[] bytes = ByteBufUtil.getBytes(buf, at, length);
        if (!Internal.isValidUtf8(bytes)) {
            throw undecodable("string is not valid UTF-8");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A length prefix: a varint32, not negative, and no longer than what is left. */
    private int length() {
        int length = (int) varint64();
        if (length < 0) {
            throw undecodable("negative length");
        }
        if (length > end - pos) {
            throw undecodable("truncated: a length of " + length + " runs past the end");
        }
        return length;
    }

    private void skip(int count) {
        if (count > end - pos) {
            throw undecodable("truncated field");
        }
        pos += count;
    }

    /** A varint of at most 10 bytes; a varint32 field keeps its low 32 bits, as protobuf does. */
    private long varint64() {
        long result = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (pos >= end) {
                throw undecodable("truncated varint");
            }
            byte b = buf.getByte(pos++);
            result |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return result;
            }
        }
        throw undecodable("malformed varint (over 10 bytes)");
    }

    private static ProtocolException undecodable(String problem) {
        return new ProtocolException("undecodable message: " + problem);
    }
}
