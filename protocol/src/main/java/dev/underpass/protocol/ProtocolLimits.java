package dev.underpass.protocol;

/** Size limits of the data plane (SPEC §4). */
public final class ProtocolLimits {
    /** Bytes of the big-endian length prefix in front of every tunnel message. */
    public static final int LENGTH_PREFIX_BYTES = 2;
    /** Largest protobuf body of one tunnel message: what a 2-byte unsigned length can say. */
    public static final int MAX_MESSAGE_BYTES = 65_535;
    /** Largest DATA payload (63 KiB), the default of AWS's localproxy. */
    public static final int MAX_DATA_PAYLOAD_BYTES = 64_512;
    /** Largest WebSocket frame payload accepted or sent in either direction. */
    public static final int MAX_WEBSOCKET_FRAME_BYTES = 131_076;
    /** Largest whole upgrade request (request line and headers). */
    public static final int MAX_HANDSHAKE_BYTES = 4_096;
    /** Largest service id and thing name, in characters. */
    public static final int MAX_SERVICE_ID_CHARS = 128;

    private ProtocolLimits() {
    }
}
