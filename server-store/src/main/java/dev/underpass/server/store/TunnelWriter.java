package dev.underpass.server.store;

import dev.underpass.protocol.Mode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Writes the rows of a new tunnel, and replaces a tunnel's destination services. Runs inside the caller's transaction. */
final class TunnelWriter {
    private static final String INSERT_TUNNEL = "INSERT INTO tunnels (tunnel_id, tunnel_arn, status, description,"
            + " has_destination_config, thing_name, max_lifetime_minutes, created_at, last_updated_at, expires_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_SIDE = "INSERT INTO tunnel_sides (tunnel_id, side, token_hash, token_used,"
            + " client_token_hash, connection_status, connection_updated_at) VALUES (?, ?, ?, FALSE, NULL, ?, ?)";
    private static final String INSERT_SERVICE = "INSERT INTO tunnel_services (tunnel_id, seq, service_id)"
            + " VALUES (?, ?, ?)";
    private static final String INSERT_TAG = "INSERT INTO tunnel_tags (tunnel_id, seq, tag_key, tag_value)"
            + " VALUES (?, ?, ?, ?)";

    private TunnelWriter() {
    }

    /**
     * Inserts several tunnels with one JDBC batch per table, for {@link GroupCommit}: as many round trips as for one
     * tunnel, whatever their number.
     */
    static void insertAll(Connection connection, List<NewTunnel> tunnels) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(INSERT_TUNNEL)) {
            for (NewTunnel tunnel : tunnels) {
                bindTunnel(statement, tunnel);
                statement.addBatch();
            }
            statement.executeBatch();
        }
        try (PreparedStatement statement = connection.prepareStatement(INSERT_SIDE)) {
            for (NewTunnel tunnel : tunnels) {
                bindSide(statement, tunnel, Mode.SOURCE, tunnel.sourceTokenHash());
                statement.addBatch();
                bindSide(statement, tunnel, Mode.DESTINATION, tunnel.destinationTokenHash());
                statement.addBatch();
            }
            statement.executeBatch();
        }
        if (tunnels.stream().anyMatch(t -> t.destinationConfig() != null
                && !t.destinationConfig().services().isEmpty())) {
            try (PreparedStatement statement = connection.prepareStatement(INSERT_SERVICE)) {
                for (NewTunnel tunnel : tunnels) {
                    if (tunnel.destinationConfig() != null) {
                        addServices(statement, tunnel.tunnelId(), tunnel.destinationConfig().services());
                    }
                }
                statement.executeBatch();
            }
        }
        if (tunnels.stream().anyMatch(t -> !t.tags().isEmpty())) {
            try (PreparedStatement statement = connection.prepareStatement(INSERT_TAG)) {
                for (NewTunnel tunnel : tunnels) {
                    addTags(statement, tunnel.tunnelId(), 0, tunnel.tags());
                }
                statement.executeBatch();
            }
        }
    }

    /** The tunnel as {@link #insertAll} stores it and the store would read it back: times to the microsecond. */
    static Tunnel asStored(NewTunnel tunnel) {
        Instant createdAt = Sql.stored(tunnel.createdAt());
        ConnectionState disconnected = ConnectionState.disconnected(createdAt);
        return new Tunnel(tunnel.tunnelId(), tunnel.tunnelArn(), TunnelStatus.OPEN, tunnel.description(),
                tunnel.destinationConfig(), tunnel.maxLifetimeMinutes(), tunnel.tags(), disconnected, disconnected,
                createdAt, createdAt, Sql.stored(tunnel.expiresAt()), null);
    }

    /** Whether any of these token hashes is held by a side of any tunnel. */
    static boolean anyTokenHashInUse(Connection connection, String... tokenHashes) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT COUNT(*) FROM tunnel_sides WHERE token_hash IN " + Sql.markers(tokenHashes.length))) {
            Sql.bind(statement, (Object[]) tokenHashes);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }

    /** Sets the destination config: the thing on the tunnel row, and the services in place of the old ones. */
    static void replaceDestinationConfig(Connection connection, String tunnelId, DestinationConfig config)
            throws SQLException {
        Sql.update(connection, "UPDATE tunnels SET has_destination_config = TRUE, thing_name = ? WHERE tunnel_id = ?",
                config.thingName(), tunnelId);
        Sql.update(connection, "DELETE FROM tunnel_services WHERE tunnel_id = ?", tunnelId);
        insertServices(connection, tunnelId, config.services());
    }

    /** Inserts tags numbered from {@code firstSeq}, in the map's order. */
    static void insertTags(Connection connection, String tunnelId, int firstSeq, Map<String, String> tags)
            throws SQLException {
        if (tags.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(INSERT_TAG)) {
            addTags(statement, tunnelId, firstSeq, tags);
            statement.executeBatch();
        }
    }

    private static void bindTunnel(PreparedStatement statement, NewTunnel tunnel) throws SQLException {
        DestinationConfig config = tunnel.destinationConfig();
        Sql.bind(statement, tunnel.tunnelId(), tunnel.tunnelArn(), TunnelStatus.OPEN, tunnel.description(),
                config != null, config == null ? null : config.thingName(), tunnel.maxLifetimeMinutes(),
                tunnel.createdAt(), tunnel.createdAt(), tunnel.expiresAt());
    }

    private static void bindSide(PreparedStatement statement, NewTunnel tunnel, Mode side, String tokenHash)
            throws SQLException {
        Sql.bind(statement, tunnel.tunnelId(), side, tokenHash, ConnectionStatus.DISCONNECTED, tunnel.createdAt());
    }

    private static void addTags(PreparedStatement statement, String tunnelId, int firstSeq,
            Map<String, String> tags) throws SQLException {
        int seq = firstSeq;
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            Sql.bind(statement, tunnelId, seq++, tag.getKey(), tag.getValue());
            statement.addBatch();
        }
    }

    private static void addServices(PreparedStatement statement, String tunnelId, List<String> services)
            throws SQLException {
        int seq = 0;
        for (String service : services) {
            Sql.bind(statement, tunnelId, seq++, service);
            statement.addBatch();
        }
    }

    private static void insertServices(Connection connection, String tunnelId, List<String> services)
            throws SQLException {
        if (services.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(INSERT_SERVICE)) {
            addServices(statement, tunnelId, services);
            statement.executeBatch();
        }
    }
}
