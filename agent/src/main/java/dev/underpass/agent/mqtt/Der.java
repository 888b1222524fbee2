package dev.underpass.agent.mqtt;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/** The little DER that {@link PemFiles} needs: writing one element, and walking the elements of a structure. */
final class Der {
    private Der() {
    }

    /** One element: tag, definite length, content. */
    static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = n > 0xffffff ? 4 : n > 0xffff ? 3 : n > 0xff ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(n >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    /** An element read from DER: its tag, its content, and its whole encoding. */
    record Element(byte tag, byte[] content, byte[] encoded) {
    }

    /** Reads consecutive elements; malformed input fails with {@link IllegalArgumentException}. */
    static final class Reader {
        private final byte[] data;
        private int pos;

        Reader(byte[] data) {
            this.data = data;
        }

        boolean hasMore() {
            return pos < data.length;
        }

        Element next() {
            int start = pos;
            byte tag = take();
            int length = take() & 0xff;
            if (length >= 0x80) {
                int bytes = length & 0x7f;
                if (bytes == 0 || bytes > 4) {
                    throw new IllegalArgumentException("unsupported DER length");
                }
                length = 0;
                for (int i = 0; i < bytes; i++) {
                    length = (length << 8) | (take() & 0xff);
                }
            }
            if (length < 0 || length > data.length - pos) {
                throw new IllegalArgumentException("truncated DER");
            }
            byte[] content = Arrays.copyOfRange(data, pos, pos + length);
            pos += length;
            return new Element(tag, content, Arrays.copyOfRange(data, start, pos));
        }

        /** Reads a SEQUENCE and returns a reader over its elements. */
        Reader sequence() {
            Element e = next();
            if (e.tag() != 0x30) {
                throw new IllegalArgumentException("expected a DER SEQUENCE");
            }
            return new Reader(e.content());
        }

        private byte take() {
            if (pos >= data.length) {
                throw new IllegalArgumentException("truncated DER");
            }
            return data[pos++];
        }
    }
}
