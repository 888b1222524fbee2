package dev.underpass.server.store;

import dev.underpass.protocol.Mode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * The admission rule of SPEC §3 over the {@code tunnel_sides} table, in auto-commit. The first use of a token is
 * recorded by a conditional UPDATE that only an unused token of a live tunnel satisfies, so of racing first claims
 * the database lets exactly one through; a claim whose UPDATE changed nothing reads the token again and decides on
 * what it finds then.
 */
final class TokenClaims {

    /*
     * A lost race leaves the token used, revoked or its tunnel closed, and each of those is decided without another
     * UPDATE; so a claim ends by its second attempt, and a third one means the database broke the rule.
     */
    private static final int MAX_ATTEMPTS = 3;

    private final TunnelReader reader;

    TokenClaims(TunnelReader reader) {
        this.reader = reader;
    }

    Claim claim(Connection connection, Mode mode, String tokenHash, String clientTokenHash, Instant now)
            throws SQLException {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<Side> found = Side.find(connection, tokenHash);
            if (found.isEmpty()) {
                return Claim.unknownToken();
            }
            Side side = found.get();
            Optional<Tunnel> tunnel = reader.byId(connection, side.tunnelId());
            if (tunnel.isEmpty()) {
                return Claim.unknownToken();
            }
            if (side.mode() != mode) {
                return new Claim(ClaimOutcome.WRONG_MODE, tunnel.get());
            }
            if (!tunnel.get().isLiveAt(now)) {
                return new Claim(ClaimOutcome.TUNNEL_CLOSED, tunnel.get());
            }
            if (!side.used()) {
                if (markUsed(connection, tokenHash, clientTokenHash, now)) {
                    return new Claim(ClaimOutcome.CLAIMED, tunnel.get());
                }
                continue;
            }
            return new Claim(reuseOutcome(side.clientTokenHash(), clientTokenHash), tunnel.get());
        }
        throw StoreException.of("claiming a token", "its state kept changing under the claim");
    }

    private static ClaimOutcome reuseOutcome(String boundClientTokenHash, String givenClientTokenHash) {
        if (givenClientTokenHash == null || boundClientTokenHash == null) {
            return ClaimOutcome.ALREADY_USED;
        }
        return AccessTokens.hashesEqual(boundClientTokenHash, givenClientTokenHash)
                ? ClaimOutcome.RECONNECTED
                : ClaimOutcome.CLIENT_TOKEN_MISMATCH;
    }

    private static boolean markUsed(Connection connection, String tokenHash, String clientTokenHash, Instant now)
            throws SQLException {
        return Sql.update(connection, "UPDATE tunnel_sides SET token_used = TRUE, client_token_hash = ?"
                        + " WHERE token_hash = ? AND token_used = FALSE AND EXISTS (SELECT 1 FROM tunnels t"
                        + " WHERE t.tunnel_id = tunnel_sides.tunnel_id AND t.status = ? AND t.expires_at > ?)",
                clientTokenHash, tokenHash, TunnelStatus.OPEN, now) == 1;
    }

    /** What the claim needs of the token's row. */
    private record Side(String tunnelId, Mode mode, boolean used, String clientTokenHash) {

        static Optional<Side> find(Connection connection, String tokenHash) throws SQLException {
            try (PreparedStatement statement = connection.prepareStatement("SELECT tunnel_id, side, token_used,"
                    + " client_token_hash FROM tunnel_sides WHERE token_hash = ?")) {
                Sql.bind(statement, tokenHash);
                try (ResultSet rs = statement.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Side(rs.getString("tunnel_id"), Mode.valueOf(rs.getString("side")),
                            rs.getBoolean("token_used"), rs.getString("client_token_hash")));
                }
            }
        }
    }
}
