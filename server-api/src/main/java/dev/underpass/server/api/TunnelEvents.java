package dev.underpass.server.api;

import dev.underpass.protocol.Mode;
import dev.underpass.server.store.Tunnel;
import java.util.Set;

/**
 * How the rest of the server learns what the control API changed, after the change is stored. The relay drops
 * connections on {@link #tokensRotated} and {@link #tunnelClosed}; the MQTT notifier publishes destination tokens.
 *
 * <p>Contract for implementations: calls come from the API's worker threads, possibly several at once; they must
 * return quickly and never block (hand work to an event loop or queue instead); they must tolerate being called
 * more than once for the same tunnel and for tunnels they never heard of. A call that throws is logged and does not
 * fail the API request, whose change is already stored. Tokens passed in must never be logged.
 */
public interface TunnelEvents {

    /** Ignores every event. */
    TunnelEvents NONE = new TunnelEvents() {
        @Override
        public void tunnelOpened(Tunnel tunnel, String destinationAccessToken) {
        }

        @Override
        public void tokensRotated(Tunnel tunnel, Set<Mode> sides, String newDestinationTokenOrNull) {
        }

        @Override
        public void tunnelClosed(String tunnelId) {
        }
    };

    /**
     * A tunnel was opened. When {@code tunnel.destinationConfig()} names a thing, the destination token should be
     * published on that thing's notify topic (SPEC §5).
     */
    void tunnelOpened(Tunnel tunnel, String destinationAccessToken);

    /**
     * The tokens of {@code sides} were replaced: connections that used the old tokens must be dropped.
     *
     * @param tunnel                    the tunnel after rotation (with its new destinationConfig, if one was given)
     * @param sides                     the rotated sides, never empty
     * @param newDestinationTokenOrNull the new destination token when it is to be delivered to the device, that is
     *                                  when the destination side was rotated with a destinationConfig in the request
     *                                  (SPEC §3); publish it if {@code tunnel.destinationConfig()} names a thing.
     *                                  {@code null} otherwise, also when the destination token was rotated without one
     */
    void tokensRotated(Tunnel tunnel, Set<Mode> sides, String newDestinationTokenOrNull);

    /** A tunnel was closed or deleted (possibly again): disconnect both sides with a close frame. */
    void tunnelClosed(String tunnelId);
}
