package dev.underpass.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Encodes a DATA tunnel message as one complete WebSocket frame as a client must send it (RFC 6455 §5.2, §5.3): FIN
 * set, opcode binary, the payload length in its shortest form (7, 16 or 64 bits), the mask bit and a masking key,
 * then the masked message. It does in one pass what {@link TunnelMessages#encodeData} followed by Netty's
 * {@code WebSocket08FrameEncoder} does in two: each payload byte is read once and written once, already masked, into
 * the one buffer that goes to TLS. The result is a plain {@link ByteBuf} holding the finished frame, written to the
 * channel where WebSocket frames are written (Netty's frame encoder passes buffers on untouched), so it keeps its
 * place among the other frames.
 *
 * <p>Each frame gets a fresh masking key from {@link ThreadLocalRandom}, as Netty's encoder does: the key must be
 * unpredictable to whoever sees the frames (the RFC's concern is intermediaries), not secret.
 */
public final class MaskedDataFrames {
    private static final int FIN_BINARY = 0x82;
    private static final int MASK_BIT = 0x80;
    private static final int LENGTH_16 = 126;
    private static final int LENGTH_64 = 127;
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private MaskedDataFrames() {
    }

    /**
     * The masked frame of a DATA message carrying the readable bytes of {@code payload}, which are consumed (not
     * released), with a random masking key.
     *
     * @param serviceId    empty for a V1 session
     * @param connectionId 0 for a V1/V2 session
     * @throws IllegalArgumentException as {@link TunnelMessages#encodeData} does
     */
    public static ByteBuf encode(ByteBufAllocator alloc, int streamId, String serviceId, int connectionId,
            ByteBuf payload) {
        return encode(alloc, streamId, serviceId, connectionId, payload, ThreadLocalRandom.current().nextInt());
    }

    /** As {@link #encode(ByteBufAllocator, int, String, int, ByteBuf)}, with the given masking key (for tests). */
    static ByteBuf encode(ByteBufAllocator alloc, int streamId, String serviceId, int connectionId, ByteBuf payload,
            int maskingKey) {
        DataLayout layout = DataLayout.of(streamId, serviceId, connectionId, payload.readableBytes());
        int length = layout.messageBytes();
        int lengthBytes = length < LENGTH_16 ? 0 : length <= 0xFFFF ? 2 : 8;
        ByteBuf frame = alloc.ioBuffer(2 + lengthBytes + 4 + length);
        try {
            frame.writeByte(FIN_BINARY);
            if (lengthBytes == 0) {
                frame.writeByte(MASK_BIT | length);
            } else if (lengthBytes == 2) {
                frame.writeByte(MASK_BIT | LENGTH_16);
                frame.writeShort(length);
            } else {
                frame.writeByte(MASK_BIT | LENGTH_64);
                frame.writeLong(length);
            }
            frame.writeInt(maskingKey);
            int offset = writeMasked(frame, layout.head(), maskingKey, 0);
            offset = writeMasked(frame, payload, maskingKey, offset);
            writeMasked(frame, layout.tail(), maskingKey, offset);
            return frame;
        } catch (RuntimeException e) {
            frame.release();
            throw e;
        }
    }

    /** Writes {@code bytes} masked as if they began at {@code offset} of the frame's payload; returns the end. */
    private static int writeMasked(ByteBuf frame, byte[] bytes, int maskingKey, int offset) {
        for (byte b : bytes) {
            frame.writeByte(b ^ maskByte(maskingKey, offset++));
        }
        return offset;
    }

    /** Same for the readable bytes of {@code payload}, which it consumes: eight bytes per step. */
    private static int writeMasked(ByteBuf frame, ByteBuf payload, int maskingKey, int offset) {
        int n = payload.readableBytes();
        if (n == 0) {
            return offset;
        }
        int start = frame.writerIndex();
        if (payload.nioBufferCount() != 1) {
            // Composite input (never from a socket read): copy, then mask in place.
            frame.writeBytes(payload);
            ByteBuffer region = frame.nioBuffer(start, n);
            maskLongs(region, region, n, maskingKey, offset);
            return offset + n;
        }
        ByteBuffer src = payload.nioBuffer(payload.readerIndex(), n);
        frame.ensureWritable(n);
        ByteBuffer dst = frame.nioBuffer(start, n);
        maskLongs(src, dst, n, maskingKey, offset);
        payload.skipBytes(n);
        frame.writerIndex(start + n);
        return offset + n;
    }

    /**
     * {@code dst[i] = src[i] ^ key[(offset + i) % 4]} for {@code i < n}, both buffers positioned at 0: a long of the
     * key, turned to start at {@code offset}, is applied eight bytes at a time in native order, then the rest byte by
     * byte.
     */
    private static void maskLongs(ByteBuffer src, ByteBuffer dst, int n, int maskingKey, int offset) {
        int key = Integer.rotateLeft(maskingKey, 8 * (offset & 3));
        long key64 = ((long) key << 32) | (key & 0xFFFFFFFFL);
        ByteOrder order = ByteOrder.nativeOrder();
        src.order(order);
        dst.order(order);
        if (LITTLE_ENDIAN) {
            key64 = Long.reverseBytes(key64);
        }
        int i = 0;
        int longs = n & ~7;
        for (; i < longs; i += 8) {
            dst.putLong(i, src.getLong(i) ^ key64);
        }
        for (; i < n; i++) {
            dst.put(i, (byte) (src.get(i) ^ maskByte(key, i)));
        }
    }

    private static int maskByte(int key, int index) {
        return key >>> (24 - 8 * (index & 3));
    }
}
