package dev.underpass.localproxy.tunnel;

import dev.underpass.protocol.TunnelFrame;
import java.util.List;

/**
 * What the tunnel connection tells the rest of the proxy. All calls come on the event loop, in this order per
 * session: {@code connected}, {@code serviceIds}, any number of {@code message}/{@code sessionReset}, then one of
 * {@code disconnected} (a reconnect follows), {@code closedByServer} or nothing (the connector was closed). A
 * {@code rejected} call ends all attempts.
 */
public interface TunnelEvents {
    /** The WebSocket handshake succeeded. */
    void connected(TunnelLink link);

    /** The server's SERVICE_IDS arrived: the session may start streams. */
    void serviceIds(TunnelLink link, List<String> serviceIds);

    /** A stream message (DATA, STREAM_START/RESET, CONNECTION_START/RESET); the caller releases the frame. */
    void message(TunnelLink link, TunnelFrame frame);

    /** The server reset every stream of the session. */
    void sessionReset(TunnelLink link);

    /** The session ended abnormally; the connector reconnects after a delay. */
    void disconnected(TunnelLink link);

    /** The server closed the tunnel with a normal close frame (1000): the proxy should stop. */
    void closedByServer(String reason);

    /** The server refused the handshake for good (4xx) or does not speak the protocol: the proxy should stop. */
    void rejected(String message);
}
