package dev.underpass.server.relay;

import dev.underpass.protocol.Mode;

/**
 * What the relay needs to know about tunnels, implemented by the server over its store.
 *
 * <p>Both methods may block (JDBC): the relay calls them only on the {@code blocking} executor it was given, never
 * on an event loop. Implementations must be thread-safe. Tokens passed in must never be logged.
 */
public interface TunnelAuthority {

    /**
     * Admits one data-plane connection: checks the access token, consumes it unless a client token binds it
     * (SPEC §3), and says which tunnel and services it opens.
     *
     * @param accessToken       the access token from the header or the cookie, never {@code null}
     * @param mode              the side named by {@code local-proxy-mode}
     * @param clientTokenOrNull the {@code client-token} header (already checked against its pattern), or {@code null}
     * @throws AdmissionDenied for an unknown, used or revoked token, a mode mismatch, a closed tunnel (4xx), or a
     *                         retryable fault of the store (503)
     */
    Admission admit(String accessToken, Mode mode, String clientTokenOrNull) throws AdmissionDenied;

    /**
     * A side's connection state changed. The relay delivers these in order per tunnel side; when changes come
     * faster than they are delivered, intermediate pairs may be skipped, but the last state is always delivered.
     * A connection that is replaced by a newer one of the same side produces no {@code false}. Exceptions are
     * logged and otherwise ignored.
     */
    void connectionChanged(String tunnelId, Mode side, boolean connected);
}
