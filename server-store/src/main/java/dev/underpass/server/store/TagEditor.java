package dev.underpass.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adds and removes a tunnel's tags inside the caller's transaction. Each edit first locks the tunnel row, so that
 * concurrent edits of one tunnel's tags run one after the other and number new tags without gaps or clashes.
 */
final class TagEditor {

    private TagEditor() {
    }

    /** Adds or overwrites tags; false when there is no such tunnel. */
    static boolean add(Connection connection, String tunnelId, Map<String, String> tags) throws SQLException {
        if (!lockTunnel(connection, tunnelId)) {
            return false;
        }
        Map<String, String> added = new LinkedHashMap<>();
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            int updated = Sql.update(connection,
                    "UPDATE tunnel_tags SET tag_value = ? WHERE tunnel_id = ? AND tag_key = ?",
                    tag.getValue(), tunnelId, tag.getKey());
            if (updated == 0) {
                added.put(tag.getKey(), tag.getValue());
            }
        }
        TunnelWriter.insertTags(connection, tunnelId, nextSeq(connection, tunnelId), added);
        return true;
    }

    /** Removes the tags with these keys; false when there is no such tunnel. */
    static boolean remove(Connection connection, String tunnelId, Collection<String> keys) throws SQLException {
        if (!lockTunnel(connection, tunnelId)) {
            return false;
        }
        for (String key : keys) {
            Sql.update(connection, "DELETE FROM tunnel_tags WHERE tunnel_id = ? AND tag_key = ?", tunnelId, key);
        }
        return true;
    }

    private static boolean lockTunnel(Connection connection, String tunnelId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT tunnel_id FROM tunnels WHERE tunnel_id = ? FOR UPDATE")) {
            Sql.bind(statement, tunnelId);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static int nextSeq(Connection connection, String tunnelId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT COALESCE(MAX(seq), -1) + 1 FROM tunnel_tags WHERE tunnel_id = ?")) {
            Sql.bind(statement, tunnelId);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
