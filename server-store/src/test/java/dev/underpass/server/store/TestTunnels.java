package dev.underpass.server.store;

import dev.underpass.protocol.Mode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Test data: new tunnels with fresh tokens, and the tokens to present for them. */
final class TestTunnels {

    /** A time with microseconds, as the store keeps them. */
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123456Z");
    static final String ARN_PREFIX = "arn:aws:iot:us-east-1:123456789012:tunnel/";
    static final DestinationConfig SSH_ON_THING_1 = new DestinationConfig("thing-1", List.of("SSH1"));

    private TestTunnels() {
    }

    /** A tunnel to {@code thing-1}'s SSH1, 60 minutes long, opened at {@code createdAt}. */
    static Issued issue(String tunnelId, Instant createdAt) {
        return issue(tunnelId, createdAt, SSH_ON_THING_1, 60, Map.of());
    }

    static Issued issue(String tunnelId, Instant createdAt, DestinationConfig config, int lifetimeMinutes,
                        Map<String, String> tags) {
        String source = AccessTokens.generate();
        String destination = AccessTokens.generate();
        NewTunnel spec = new NewTunnel(tunnelId, ARN_PREFIX + tunnelId, "tunnel " + tunnelId, config,
                lifetimeMinutes, tags, AccessTokens.hash(source), AccessTokens.hash(destination), createdAt);
        return new Issued(spec, source, destination);
    }

    /** A new client token, as a local proxy would send it. */
    static String clientToken() {
        return AccessTokens.generate().replace('_', 'a').substring(0, 40);
    }

    /**
     * A tunnel to be stored and the tokens it was opened with.
     *
     * @param spec             what to pass to {@link TunnelStore#create}
     * @param sourceToken      the source access token
     * @param destinationToken the destination access token
     */
    record Issued(NewTunnel spec, String sourceToken, String destinationToken) {

        String id() {
            return spec.tunnelId();
        }

        String token(Mode side) {
            return side == Mode.SOURCE ? sourceToken : destinationToken;
        }

        String hash(Mode side) {
            return AccessTokens.hash(token(side));
        }

        Tunnel createIn(TunnelStore store) {
            return store.create(spec);
        }
    }
}
