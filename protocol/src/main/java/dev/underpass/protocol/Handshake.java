package dev.underpass.protocol;

import java.util.regex.Pattern;

/** Names used by the {@code /tunnel} WebSocket upgrade (SPEC §4). */
public final class Handshake {
    /** The only path the data plane serves. */
    public static final String PATH = "/tunnel";
    /** Query parameter naming the side: {@code source} or {@code destination}. */
    public static final String MODE_PARAMETER = "local-proxy-mode";
    /** Header carrying the access token. */
    public static final String ACCESS_TOKEN_HEADER = "access-token";
    /** Cookie carrying the access token (browsers cannot set headers on a WebSocket). */
    public static final String ACCESS_TOKEN_COOKIE = "awsiot-tunnel-token";
    /** Optional header binding a reconnectable session to the access token. */
    public static final String CLIENT_TOKEN_HEADER = "client-token";
    /** Response header naming the session, required by AWS's localproxy. */
    public static final String CHANNEL_ID_HEADER = "channel-id";
    /** What a client token must look like. */
    public static final Pattern CLIENT_TOKEN_PATTERN = Pattern.compile("^[a-zA-Z0-9-]{32,128}$");

    private Handshake() {
    }
}
