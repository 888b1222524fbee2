package dev.underpass.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The {@link AuditStore} over JDBC (table {@code audit_events} of migration V3), the same SQL on H2 and PostgreSQL.
 * Shares the tunnel store's pool and does not close it. Appends are JDBC batches.
 */
public final class JdbcAuditStore implements AuditStore {
    private static final String COLUMNS = "occurred_at, kind, action, outcome, http_status, access_key_id, key_name,"
            + " tunnel_id, thing_name, side, remote_address, request_id, bytes_source_to_destination,"
            + " bytes_destination_to_source, detail";
    /** Text columns are cut to their width, so that a long value never fails the batch it is in. */
    private static final int[] WIDTHS = {0, 0, 64, 64, 0, 32, 64, 128, 128, 16, 128, 64, 0, 0, 512};

    private final Sql sql;

    public JdbcAuditStore(DataSource dataSource) {
        this.sql = new Sql(Objects.requireNonNull(dataSource, "dataSource"));
    }

    @Override
    public void append(List<AuditEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        sql.transaction("appending " + events.size() + " audit entries", c -> {
            try (PreparedStatement statement = c.prepareStatement("INSERT INTO audit_events (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (AuditEvent e : events) {
                    Sql.bind(statement, e.occurredAt(), e.kind());
                    text(statement, 3, e.action());
                    text(statement, 4, e.outcome());
                    number(statement, 5, e.httpStatus() == null ? null : e.httpStatus().longValue(), Types.INTEGER);
                    text(statement, 6, e.accessKeyId());
                    text(statement, 7, e.keyName());
                    text(statement, 8, e.tunnelId());
                    text(statement, 9, e.thingName());
                    text(statement, 10, e.side());
                    text(statement, 11, e.remoteAddress());
                    text(statement, 12, e.requestId());
                    number(statement, 13, e.bytesSourceToDestination(), Types.BIGINT);
                    number(statement, 14, e.bytesDestinationToSource(), Types.BIGINT);
                    text(statement, 15, e.detail());
                    statement.addBatch();
                }
                statement.executeBatch();
            }
            return null;
        });
    }

    @Override
    public List<AuditEvent> forTunnel(String tunnelId, long afterSeq, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        return sql.autoCommit("reading the audit trail of tunnel " + tunnelId, c -> {
            try (PreparedStatement statement = c.prepareStatement("SELECT seq, " + COLUMNS + " FROM audit_events"
                    + " WHERE tunnel_id = ? AND seq > ? ORDER BY seq FETCH FIRST ? ROWS ONLY")) {
                Sql.bind(statement, tunnelId, afterSeq, limit);
                try (ResultSet rs = statement.executeQuery()) {
                    List<AuditEvent> events = new ArrayList<>();
                    while (rs.next()) {
                        events.add(read(rs));
                    }
                    return events;
                }
            }
        });
    }

    @Override
    public Map<String, String> thingNames(Collection<String> tunnelIds) {
        if (tunnelIds.isEmpty()) {
            return Map.of();
        }
        List<String> ids = List.copyOf(tunnelIds);
        return sql.autoCommit("naming the things of tunnels", c -> {
            Map<String, String> names = new HashMap<>();
            try (PreparedStatement statement = c.prepareStatement("SELECT tunnel_id, thing_name FROM tunnels"
                    + " WHERE thing_name IS NOT NULL AND tunnel_id IN " + Sql.markers(ids.size()))) {
                Sql.bind(statement, ids.toArray());
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        names.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
            return names;
        });
    }

    private static AuditEvent read(ResultSet rs) throws SQLException {
        return new AuditEvent(rs.getLong("seq"), Sql.instant(rs, "occurred_at"),
                AuditKind.valueOf(rs.getString("kind")), rs.getString("action"), rs.getString("outcome"),
                nullableInt(rs, "http_status"), rs.getString("access_key_id"), rs.getString("key_name"),
                rs.getString("tunnel_id"), rs.getString("thing_name"), rs.getString("side"),
                rs.getString("remote_address"), rs.getString("request_id"),
                nullableLong(rs, "bytes_source_to_destination"), nullableLong(rs, "bytes_destination_to_source"),
                rs.getString("detail"));
    }

    private static void text(PreparedStatement statement, int index, String value) throws SQLException {
        int width = WIDTHS[index - 1];
        statement.setString(index, value == null || value.length() <= width ? value : value.substring(0, width));
    }

    private static void number(PreparedStatement statement, int index, Long value, int type) throws SQLException {
        if (value == null) {
            statement.setNull(index, type);
        } else if (type == Types.INTEGER) {
            statement.setInt(index, value.intValue());
        } else {
            statement.setLong(index, value);
        }
    }

    private static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
