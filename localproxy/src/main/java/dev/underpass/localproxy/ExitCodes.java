package dev.underpass.localproxy;

/** Process exit codes of the local proxy; {@link LocalProxy#exit()} completes with one of them. */
public final class ExitCodes {
    /** The server closed the tunnel with a normal close frame (1000), or the proxy was closed locally. */
    public static final int OK = 0;
    /** An unexpected local failure, such as a listen port already in use. */
    public static final int FAILURE = 1;
    /** Bad command-line flags, config file or environment. */
    public static final int USAGE = 2;
    /** The server refused the WebSocket handshake with a 4xx status, or did not speak the tunneling protocol. */
    public static final int REJECTED = 3;
    /** The services configured locally do not match the services the tunnel carries. */
    public static final int SERVICE_MISMATCH = 4;

    private ExitCodes() {
    }
}
