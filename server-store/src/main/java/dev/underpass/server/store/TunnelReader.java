package dev.underpass.server.store;

import dev.underpass.protocol.Mode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads tunnels from their four tables into {@link Tunnel} snapshots: one query for the tunnel rows, then one each
 * for the sides, services and tags of all of them. Token hashes are never read here.
 *
 * <p>The queries run in auto-commit, so another call may change the tunnel between them: a tunnel deleted in that
 * moment is left out, and a tunnel closed in that moment may show its sides as they were before.
 */
final class TunnelReader {

    private static final String SELECT = "SELECT tunnel_id, tunnel_arn, status, description, has_destination_config,"
            + " thing_name, max_lifetime_minutes, created_at, last_updated_at, expires_at, closed_at FROM tunnels ";

    /** The tunnels matching {@code whereAndOrder} (SQL after {@code FROM tunnels}), in that order. */
    List<Tunnel> select(Connection connection, String whereAndOrder, Object... params) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(SELECT + whereAndOrder)) {
            Sql.bind(statement, params);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(Row.read(rs));
                }
            }
        }
        if (rows.isEmpty()) {
            return List.of();
        }
        Object[] ids = rows.stream().map(Row::tunnelId).toArray();
        Map<String, Map<Mode, ConnectionState>> sides = sides(connection, ids);
        Map<String, List<String>> services = services(connection, ids);
        Map<String, Map<String, String>> tags = tags(connection, ids);
        List<Tunnel> tunnels = new ArrayList<>(rows.size());
        for (Row row : rows) {
            Map<Mode, ConnectionState> sidesOfRow = sides.get(row.tunnelId());
            if (sidesOfRow == null || sidesOfRow.size() != Mode.values().length) {
                continue; // deleted after its row was read
            }
            tunnels.add(row.toTunnel(sidesOfRow, services.getOrDefault(row.tunnelId(), List.of()),
                    tags.getOrDefault(row.tunnelId(), Map.of())));
        }
        return tunnels;
    }

    Optional<Tunnel> byId(Connection connection, String tunnelId) throws SQLException {
        return select(connection, "WHERE tunnel_id = ?", tunnelId).stream().findFirst();
    }

    private static Map<String, Map<Mode, ConnectionState>> sides(Connection connection, Object[] ids)
            throws SQLException {
        Map<String, Map<Mode, ConnectionState>> sides = new HashMap<>();
        String sql = "SELECT tunnel_id, side, connection_status, connection_updated_at FROM tunnel_sides"
                + " WHERE tunnel_id IN " + Sql.markers(ids.length);
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            Sql.bind(statement, ids);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    sides.computeIfAbsent(rs.getString("tunnel_id"), id -> new EnumMap<>(Mode.class))
                            .put(Mode.valueOf(rs.getString("side")), new ConnectionState(
                                    ConnectionStatus.valueOf(rs.getString("connection_status")),
                                    Sql.instant(rs, "connection_updated_at")));
                }
            }
        }
        return sides;
    }

    private static Map<String, List<String>> services(Connection connection, Object[] ids) throws SQLException {
        Map<String, List<String>> services = new HashMap<>();
        String sql = "SELECT tunnel_id, service_id FROM tunnel_services WHERE tunnel_id IN " + Sql.markers(ids.length)
                + " ORDER BY tunnel_id, seq";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            Sql.bind(statement, ids);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    services.computeIfAbsent(rs.getString("tunnel_id"), id -> new ArrayList<>())
                            .add(rs.getString("service_id"));
                }
            }
        }
        return services;
    }

    private static Map<String, Map<String, String>> tags(Connection connection, Object[] ids) throws SQLException {
        Map<String, Map<String, String>> tags = new HashMap<>();
        String sql = "SELECT tunnel_id, tag_key, tag_value FROM tunnel_tags WHERE tunnel_id IN "
                + Sql.markers(ids.length) + " ORDER BY tunnel_id, seq";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            Sql.bind(statement, ids);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    tags.computeIfAbsent(rs.getString("tunnel_id"), id -> new LinkedHashMap<>())
                            .put(rs.getString("tag_key"), rs.getString("tag_value"));
                }
            }
        }
        return tags;
    }

    /** The columns of one {@code tunnels} row. */
    private record Row(String tunnelId, String tunnelArn, TunnelStatus status, String description,
                       boolean hasDestinationConfig, String thingName, int maxLifetimeMinutes, Instant createdAt,
                       Instant lastUpdatedAt, Instant expiresAt, Instant closedAt) {

        static Row read(ResultSet rs) throws SQLException {
            return new Row(rs.getString("tunnel_id"), rs.getString("tunnel_arn"),
                    TunnelStatus.valueOf(rs.getString("status")), rs.getString("description"),
                    rs.getBoolean("has_destination_config"), rs.getString("thing_name"),
                    rs.getInt("max_lifetime_minutes"), Sql.instant(rs, "created_at"),
                    Sql.instant(rs, "last_updated_at"), Sql.instant(rs, "expires_at"), Sql.instant(rs, "closed_at"));
        }

        Tunnel toTunnel(Map<Mode, ConnectionState> sides, List<String> services, Map<String, String> tags) {
            DestinationConfig config = hasDestinationConfig ? new DestinationConfig(thingName, services) : null;
            return new Tunnel(tunnelId, tunnelArn, status, description, config, maxLifetimeMinutes, tags,
                    sides.get(Mode.SOURCE), sides.get(Mode.DESTINATION), createdAt, lastUpdatedAt, expiresAt,
                    closedAt);
        }
    }
}
