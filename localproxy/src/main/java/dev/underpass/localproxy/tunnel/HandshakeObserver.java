package dev.underpass.localproxy.tunnel;

/** How one connection attempt ends its handshake; exactly one method is called per attempt. */
interface HandshakeObserver {
    /** The server accepted; the link's pipeline is in place. */
    void handshakeSucceeded(TunnelLink link);

    /** The server refused for good: a 4xx status, or an answer that is not the tunneling protocol. */
    void handshakeRejected(String message);

    /** A failure worth retrying: network, TLS, proxy, timeout, or a status other than 4xx. */
    void handshakeFailed(String message);
}
