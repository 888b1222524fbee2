package dev.underpass.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@link AccessKeyStore} over JDBC (table {@code access_keys} of migration V3), the same SQL on H2 and
 * PostgreSQL. Shares the tunnel store's pool ({@link JdbcTunnelStore#dataSource()}) and does not close it.
 */
public final class JdbcAccessKeyStore implements AccessKeyStore {
    private static final String COLUMNS =
            "access_key_id, name, description, status, created_at, created_by, revoked_at, last_used_at";

    private final Sql sql;

    public JdbcAccessKeyStore(DataSource dataSource) {
        this.sql = new Sql(Objects.requireNonNull(dataSource, "dataSource"));
    }

    @Override
    public AccessKey create(String accessKeyId, String sealedSecret, String name, String description,
            String createdBy, Instant createdAt) {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(sealedSecret, "sealedSecret");
        Objects.requireNonNull(createdBy, "createdBy");
        String operation = "creating access key " + accessKeyId;
        return sql.transaction(operation, c -> {
            if (select(c, "WHERE access_key_id = ?", accessKeyId).size() > 0) {
                throw StoreException.of(operation, "the access key id is already taken");
            }
            Sql.update(c, "INSERT INTO access_keys (access_key_id, sealed_secret, name, description, status,"
                    + " created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)", accessKeyId, sealedSecret, name,
                    description, AccessKeyStatus.ACTIVE, createdAt, createdBy);
            return select(c, "WHERE access_key_id = ?", accessKeyId).get(0);
        });
    }

    @Override
    public Optional<AccessKey> find(String accessKeyId) {
        return sql.autoCommit("finding access key " + accessKeyId,
                c -> select(c, "WHERE access_key_id = ?", accessKeyId).stream().findFirst());
    }

    @Override
    public Optional<String> sealedSecret(String accessKeyId) {
        return sql.autoCommit("reading access key " + accessKeyId, c -> {
            try (PreparedStatement statement = c.prepareStatement(
                    "SELECT sealed_secret FROM access_keys WHERE access_key_id = ? AND status = ?")) {
                Sql.bind(statement, accessKeyId, AccessKeyStatus.ACTIVE);
                try (ResultSet rs = statement.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<AccessKey> list() {
        return sql.autoCommit("listing access keys", c -> select(c, "ORDER BY created_at, access_key_id"));
    }

    @Override
    public Optional<AccessKey> revoke(String accessKeyId, Instant at) {
        return sql.transaction("revoking access key " + accessKeyId, c -> {
            Sql.update(c, "UPDATE access_keys SET status = ?, revoked_at = ? WHERE access_key_id = ? AND status = ?",
                    AccessKeyStatus.REVOKED, at, accessKeyId, AccessKeyStatus.ACTIVE);
            return select(c, "WHERE access_key_id = ?", accessKeyId).stream().findFirst();
        });
    }

    @Override
    public void markUsed(Map<String, Instant> lastUseById) {
        if (lastUseById.isEmpty()) {
            return;
        }
        sql.transaction("recording access key use", c -> {
            for (Map.Entry<String, Instant> use : lastUseById.entrySet()) {
                Sql.update(c, "UPDATE access_keys SET last_used_at = ? WHERE access_key_id = ?"
                        + " AND (last_used_at IS NULL OR last_used_at < ?)", use.getValue(), use.getKey(),
                        use.getValue());
            }
            return null;
        });
    }

    @Override
    public Map<String, String> names(Collection<String> accessKeyIds) {
        if (accessKeyIds.isEmpty()) {
            return Map.of();
        }
        List<String> ids = List.copyOf(accessKeyIds);
        return sql.autoCommit("naming access keys", c -> {
            Map<String, String> names = new HashMap<>();
            try (PreparedStatement statement = c.prepareStatement("SELECT access_key_id, name FROM access_keys"
                    + " WHERE name IS NOT NULL AND access_key_id IN " + Sql.markers(ids.size()))) {
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

    private static List<AccessKey> select(Connection c, String tail, Object... params) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement("SELECT " + COLUMNS + " FROM access_keys " + tail)) {
            Sql.bind(statement, params);
            try (ResultSet rs = statement.executeQuery()) {
                List<AccessKey> keys = new ArrayList<>();
                while (rs.next()) {
                    keys.add(new AccessKey(rs.getString("access_key_id"), rs.getString("name"),
                            rs.getString("description"), AccessKeyStatus.valueOf(rs.getString("status")),
                            Sql.instant(rs, "created_at"), rs.getString("created_by"), Sql.instant(rs, "revoked_at"),
                            Sql.instant(rs, "last_used_at")));
                }
                return keys;
            }
        }
    }
}
