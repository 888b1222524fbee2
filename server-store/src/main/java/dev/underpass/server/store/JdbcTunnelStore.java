package dev.underpass.server.store;

import dev.underpass.protocol.Mode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@link TunnelStore} over JDBC, the same SQL on H2 and PostgreSQL. Made by {@link Database#open}; it owns the
 * connection pool it was given and closes it in {@link #close()}.
 */
public final class JdbcTunnelStore implements TunnelStore {

    /** The largest page {@link #list} returns. */
    public static final int MAX_PAGE_SIZE = 1000;

    /*
     * With 384-bit random tokens a clash means a caller reused a token. On PostgreSQL the hashes are checked before
     * writing, so that the database never reports the clash itself: its server log would quote the clashing hash. H2
     * logs nothing, so there the unique index alone refuses a clash, and the check runs only after an insert failed
     * on a constraint, to tell a token clash from another: the check reads the same index pages the insert reads, and
     * cost a creation on H2 about a tenth of its CPU.
     */
    private static final String TOKEN_HASH_IN_USE = "a token hash given is already in use; issue a new token";

    private final Sql sql;
    private final DataSource dataSource;
    private final AutoCloseable pool;
    private final TunnelReader reader = new TunnelReader();
    private final TokenClaims claims = new TokenClaims(reader);
    private final OpenTunnelCount openTunnels;
    private final boolean checkTokenHashesFirst;
    /*
     * Concurrent OpenTunnels share a commit: on H2 each commit rewrites every B-tree page it touched, and commits run
     * one at a time. At most 64 per commit keeps the check of their token hashes to one query of 128 parameters. A
     * leader alone right after a shared commit waits up to 1 ms for company: a fraction of what a call takes, and of
     * what a commit of one on H2 costs.
     */
    private final GroupCommit<NewTunnel> creations = new GroupCommit<>(this::createTogether, this::createAlone, 64,
            Duration.ofMillis(1));

    /** Counts the open tunnels once: from then on this store keeps the count as it opens and closes them. */
    JdbcTunnelStore(DataSource dataSource, AutoCloseable pool, DatabaseKind kind) {
        this.sql = new Sql(dataSource);
        this.dataSource = dataSource;
        this.pool = pool;
        this.checkTokenHashesFirst = kind == DatabaseKind.POSTGRESQL;
        this.openTunnels = new OpenTunnelCount(countOpen());
    }

    /**
     * The pool this store runs on, for the other stores of the same database (things, keys, audit). They share its
     * schema and its lifetime: closing this store closes the pool.
     */
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public Tunnel create(NewTunnel tunnel, long maxOpenTunnels) {
        Objects.requireNonNull(tunnel, "tunnel");
        if (!openTunnels.tryTake(maxOpenTunnels)) {
            throw new OpenTunnelLimitException(maxOpenTunnels);
        }
        try {
            creations.write(tunnel);
        } catch (RuntimeException | Error e) {
            openTunnels.giveBack();
            throw e;
        }
        // What was just written, without reading it back: the insert stores exactly these values.
        return TunnelWriter.asStored(tunnel);
    }

    /** One creation in its own transaction; its failure names it. */
    private void createAlone(NewTunnel tunnel) {
        create(List.of(tunnel), "creating tunnel " + tunnel.tunnelId());
    }

    /**
     * Creations that queued up together, in one transaction. Throws if any of them cannot be written; GroupCommit
     * then writes each alone, so that only the one at fault fails.
     */
    private void createTogether(List<NewTunnel> tunnels) {
        create(tunnels, "creating " + tunnels.size() + " tunnels");
    }

    private void create(List<NewTunnel> tunnels, String operation) {
        List<String> hashes = new ArrayList<>(tunnels.size() * 2);
        for (NewTunnel tunnel : tunnels) {
            hashes.add(tunnel.sourceTokenHash());
            hashes.add(tunnel.destinationTokenHash());
        }
        if (new HashSet<>(hashes).size() < hashes.size()) {
            throw StoreException.of(operation, TOKEN_HASH_IN_USE);
        }
        String[] checked = hashes.toArray(String[]::new);
        try {
            sql.transaction(operation, c -> {
                if (checkTokenHashesFirst && TunnelWriter.anyTokenHashInUse(c, checked)) {
                    throw StoreException.of(operation, TOKEN_HASH_IN_USE);
                }
                TunnelWriter.insertAll(c, tunnels);
                return null;
            });
        } catch (StoreException e) {
            if (!checkTokenHashesFirst && e.isConstraintViolation()
                    && sql.autoCommit(operation, c -> TunnelWriter.anyTokenHashInUse(c, checked))) {
                throw StoreException.of(operation, TOKEN_HASH_IN_USE);
            }
            throw e;
        }
    }

    @Override
    public Optional<Tunnel> find(String tunnelId) {
        return sql.autoCommit("finding tunnel " + tunnelId, c -> reader.byId(c, tunnelId));
    }

    @Override
    public Optional<Tunnel> findByArn(String tunnelArn) {
        // Every stored ARN ends with "/" + its tunnel id (NewTunnel checks it): the primary key finds it, and the
        // whole ARN must still match. The schema keeps no index on the ARN (migration V4).
        String tunnelId = tunnelArn.substring(tunnelArn.lastIndexOf('/') + 1);
        return sql.autoCommit("finding tunnel " + tunnelArn,
                c -> reader.select(c, "WHERE tunnel_id = ? AND tunnel_arn = ?", tunnelId, tunnelArn).stream()
                        .findFirst());
    }

    @Override
    public TunnelPage list(String thingName, int maxResults, String nextToken) {
        if (maxResults < 1 || maxResults > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("maxResults must be 1 to " + MAX_PAGE_SIZE + ", was " + maxResults);
        }
        PageToken after = nextToken == null ? null : PageToken.decode(nextToken);
        List<String> conditions = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (thingName != null) {
            conditions.add("thing_name = ?");
            params.add(thingName);
        }
        if (after != null) {
            conditions.add("(created_at < ? OR (created_at = ? AND tunnel_id < ?))");
            params.addAll(List.of(after.createdAt(), after.createdAt(), after.tunnelId()));
        }
        params.add(maxResults + 1);
        String where = conditions.isEmpty() ? "" : "WHERE " + String.join(" AND ", conditions) + " ";
        List<Tunnel> found = sql.autoCommit("listing tunnels", c -> reader.select(c,
                where + "ORDER BY created_at DESC, tunnel_id DESC FETCH FIRST ? ROWS ONLY", params.toArray()));
        if (found.size() <= maxResults) {
            return new TunnelPage(found, null);
        }
        List<Tunnel> page = found.subList(0, maxResults);
        return new TunnelPage(page, PageToken.after(page.get(maxResults - 1)).encode());
    }

    @Override
    public long countOpen() {
        return sql.autoCommit("counting open tunnels", c -> {
            try (PreparedStatement statement = c.prepareStatement("SELECT COUNT(*) FROM tunnels WHERE status = ?")) {
                Sql.bind(statement, TunnelStatus.OPEN);
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Override
    public boolean close(String tunnelId, Instant at) {
        boolean closed = sql.transaction("closing tunnel " + tunnelId, c -> closeIn(c, tunnelId, at));
        if (closed) {
            openTunnels.giveBack();
        }
        return closed;
    }

    @Override
    public boolean delete(String tunnelId) {
        // An open tunnel first, so that exactly one of a racing close and delete gives its place back.
        boolean deletedOpen = sql.autoCommit("deleting tunnel " + tunnelId, c -> Sql.update(c,
                "DELETE FROM tunnels WHERE tunnel_id = ? AND status = ?", tunnelId, TunnelStatus.OPEN) == 1);
        if (deletedOpen) {
            openTunnels.giveBack();
            return true;
        }
        return sql.autoCommit("deleting tunnel " + tunnelId,
                c -> Sql.update(c, "DELETE FROM tunnels WHERE tunnel_id = ?", tunnelId) == 1);
    }

    @Override
    public Optional<Tunnel> rotateToken(String tunnelId, Mode side, String newTokenHash,
                                        DestinationConfig newDestinationConfigOrNull, Instant at) {
        Objects.requireNonNull(side, "side");
        AccessTokens.requireHash(newTokenHash, "newTokenHash");
        String operation = "rotating a token of tunnel " + tunnelId;
        return sql.transaction(operation, c -> {
            int updated = Sql.update(c, "UPDATE tunnels SET last_updated_at = ?"
                    + " WHERE tunnel_id = ? AND status = ? AND expires_at > ?", at, tunnelId, TunnelStatus.OPEN, at);
            if (updated == 0) {
                return Optional.empty();
            }
            if (TunnelWriter.anyTokenHashInUse(c, newTokenHash)) {
                throw StoreException.of(operation, TOKEN_HASH_IN_USE);
            }
            Sql.update(c, "UPDATE tunnel_sides SET token_hash = ?, token_used = FALSE, client_token_hash = NULL"
                    + " WHERE tunnel_id = ? AND side = ?", newTokenHash, tunnelId, side);
            if (newDestinationConfigOrNull != null) {
                TunnelWriter.replaceDestinationConfig(c, tunnelId, newDestinationConfigOrNull);
            }
            return reader.byId(c, tunnelId);
        });
    }

    @Override
    public Claim claimToken(Mode mode, String tokenHash, String clientTokenHashOrNull, Instant now) {
        Objects.requireNonNull(mode, "mode");
        AccessTokens.requireHash(tokenHash, "tokenHash");
        if (clientTokenHashOrNull != null) {
            AccessTokens.requireHash(clientTokenHashOrNull, "clientTokenHash");
        }
        Instant at = Sql.stored(now);
        return sql.autoCommit("claiming a " + mode.wireName() + " token",
                c -> claims.claim(c, mode, tokenHash, clientTokenHashOrNull, at));
    }

    @Override
    public void setConnectionState(String tunnelId, Mode side, ConnectionStatus status, Instant at) {
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(status, "status");
        sql.autoCommit("setting a connection state of tunnel " + tunnelId, c -> Sql.update(c,
                "UPDATE tunnel_sides SET connection_status = ?, connection_updated_at = ?"
                        + " WHERE tunnel_id = ? AND side = ? AND EXISTS (SELECT 1 FROM tunnels t"
                        + " WHERE t.tunnel_id = tunnel_sides.tunnel_id AND t.status = ?)",
                status, at, tunnelId, side, TunnelStatus.OPEN));
    }

    @Override
    public void resetConnectionStates(Instant at) {
        sql.autoCommit("resetting connection states", c -> Sql.update(c,
                "UPDATE tunnel_sides SET connection_status = ?, connection_updated_at = ?"
                        + " WHERE connection_status = ? AND EXISTS (SELECT 1 FROM tunnels t"
                        + " WHERE t.tunnel_id = tunnel_sides.tunnel_id AND t.status = ?)",
                ConnectionStatus.DISCONNECTED, at, ConnectionStatus.CONNECTED, TunnelStatus.OPEN));
    }

    @Override
    public Optional<Tunnel> addTags(String tunnelId, Map<String, String> tags) {
        Objects.requireNonNull(tags, "tags");
        return sql.transaction("tagging tunnel " + tunnelId, c -> TagEditor.add(c, tunnelId, tags)
                ? reader.byId(c, tunnelId) : Optional.empty());
    }

    @Override
    public Optional<Tunnel> removeTags(String tunnelId, Collection<String> keys) {
        Objects.requireNonNull(keys, "keys");
        return sql.transaction("untagging tunnel " + tunnelId, c -> TagEditor.remove(c, tunnelId, keys)
                ? reader.byId(c, tunnelId) : Optional.empty());
    }

    @Override
    public List<String> expireDue(Instant now) {
        List<String> due = sql.autoCommit("finding expired tunnels", c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement statement = c.prepareStatement(
                    // closed_at IS NULL (always so for an open tunnel) lets the index on (status, closed_at,
                    // expires_at) range over expires_at.
                    "SELECT tunnel_id FROM tunnels WHERE status = ? AND closed_at IS NULL AND expires_at <= ?")) {
                Sql.bind(statement, TunnelStatus.OPEN, now);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            return ids;
        });
        List<String> closed = new ArrayList<>(due.size());
        for (String tunnelId : due) {
            if (close(tunnelId, now)) {
                closed.add(tunnelId);
            }
        }
        return closed;
    }

    @Override
    public int purgeClosedBefore(Instant cutoff) {
        return sql.autoCommit("purging closed tunnels", c -> Sql.update(c,
                "DELETE FROM tunnels WHERE status = ? AND closed_at < ?", TunnelStatus.CLOSED, cutoff));
    }

    @Override
    public void close() {
        try {
            pool.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the tunnel store's connection pool failed", e);
        }
    }

    private static boolean closeIn(Connection c, String tunnelId, Instant at) throws SQLException {
        int updated = Sql.update(c, "UPDATE tunnels SET status = ?, closed_at = ?, last_updated_at = ?"
                + " WHERE tunnel_id = ? AND status = ?", TunnelStatus.CLOSED, at, at, tunnelId, TunnelStatus.OPEN);
        if (updated == 0) {
            return false;
        }
        Sql.update(c, "UPDATE tunnel_sides SET connection_status = ?, connection_updated_at = ? WHERE tunnel_id = ?",
                ConnectionStatus.DISCONNECTED, at, tunnelId);
        return true;
    }
}
