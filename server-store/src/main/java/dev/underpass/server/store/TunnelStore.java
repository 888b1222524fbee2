package dev.underpass.server.store;

import dev.underpass.protocol.Mode;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Durable storage of tunnels and of the hashes of their access tokens.
 *
 * <p>Contract common to every method: it is safe to call from many threads at once; each call is atomic; times are
 * passed in by the caller (who owns the clock) and are kept to the microsecond, finer parts dropped; nothing thrown
 * or logged contains a token or a token hash. Token hashes passed in must have the form of {@link AccessTokens#hash}
 * (else {@link IllegalArgumentException}, so that a token passed by mistake is never stored). Database failures throw
 * {@link StoreException}. A tunnel counts as
 * closed for rotation and admission as soon as its {@code expiresAt} has passed, even before
 * {@link #expireDue} marks it {@code CLOSED}.
 */
public interface TunnelStore extends AutoCloseable {

    /**
     * Stores a new open tunnel and returns it as stored. No limit on the number of open tunnels.
     *
     * @throws StoreException when the id, the ARN or a token hash is already taken
     */
    default Tunnel create(NewTunnel tunnel) {
        return create(tunnel, Long.MAX_VALUE);
    }

    /**
     * Stores a new open tunnel unless {@code maxOpenTunnels} are already open, and returns it as stored. The limit is
     * exact under concurrency: of racing calls, only as many succeed as there are free places. It returns only once
     * the tunnel is committed (racing calls may share one commit), so a returned tunnel survives a crash.
     *
     * @throws OpenTunnelLimitException when {@code maxOpenTunnels} tunnels are open (nothing is stored)
     * @throws StoreException           when the id, the ARN or a token hash is already taken
     */
    Tunnel create(NewTunnel tunnel, long maxOpenTunnels);

    /** The tunnel with this id, open or closed, unless purged. */
    Optional<Tunnel> find(String tunnelId);

    /** The tunnel with this ARN, open or closed, unless purged. */
    Optional<Tunnel> findByArn(String tunnelArn);

    /**
     * A page of tunnels, newest first ({@code createdAt} descending, then id descending).
     *
     * @param thingName  only tunnels whose destination thing is this one; {@code null} for all tunnels
     * @param maxResults page size, at least 1
     * @param nextToken  {@code null} for the first page, else the {@link TunnelPage#nextToken} of the previous page;
     *                   tunnels created after the first page was read never appear on later pages
     * @throws InvalidNextTokenException when {@code nextToken} was not issued by this store
     */
    TunnelPage list(String thingName, int maxResults, String nextToken);

    /** How many tunnels have status {@code OPEN}. */
    long countOpen();

    /**
     * Closes an open tunnel: status {@code CLOSED}, {@code closedAt} and {@code lastUpdatedAt} set to {@code at},
     * both sides {@code DISCONNECTED} at {@code at}. Its tokens stop admitting connections.
     *
     * @return false when there is no such tunnel or it was already closed (a closed tunnel never reopens)
     */
    boolean close(String tunnelId, Instant at);

    /** Removes the tunnel, its tags and its token hashes now; false when there was no such tunnel. */
    boolean delete(String tunnelId);

    /**
     * Revokes the token of one side of an open, unexpired tunnel and installs a new one, unused and unbound: the old
     * token stops working at once. Sets {@code lastUpdatedAt} to {@code at}, replaces the destination config when one
     * is given, and leaves {@code expiresAt} alone.
     *
     * @return the updated tunnel; empty when there is no such tunnel or it is closed or expired
     */
    Optional<Tunnel> rotateToken(String tunnelId, Mode side, String newTokenHash,
                                 DestinationConfig newDestinationConfigOrNull, Instant at);

    /**
     * Decides whether a data-plane handshake is let in, and records the use of the token (SPEC §3). Checks, in
     * order: the token hash is known ({@code UNKNOWN_TOKEN}); it belongs to {@code mode} ({@code WRONG_MODE}); the
     * tunnel is open and {@code expiresAt > now} ({@code TUNNEL_CLOSED}); the token was never used: mark it used,
     * bound to {@code clientTokenHashOrNull} ({@code CLAIMED}); it was used and bound to this client token hash
     * ({@code RECONNECTED}); it was bound to another client token and one was given ({@code CLIENT_TOKEN_MISMATCH});
     * otherwise {@code ALREADY_USED}. Of racing first claims, exactly one is {@code CLAIMED}.
     */
    Claim claimToken(Mode mode, String tokenHash, String clientTokenHashOrNull, Instant now);

    /**
     * Records that a side of an open tunnel connected or disconnected at {@code at}. The tunnel's own
     * {@code lastUpdatedAt} does not change. Ignored for closed or missing tunnels (closing already disconnected them).
     */
    void setConnectionState(String tunnelId, Mode side, ConnectionStatus status, Instant at);

    /**
     * Marks every {@code CONNECTED} side of every open tunnel {@code DISCONNECTED} at {@code at}; sides already
     * disconnected keep their time. Called at server start, as nobody survives a restart connected.
     */
    void resetConnectionStates(Instant at);

    /** Adds tags, overwriting the values of keys already there (which keep their place); empty if no such tunnel. */
    Optional<Tunnel> addTags(String tunnelId, Map<String, String> tags);

    /** Removes the tags with these keys, ignoring keys not there; empty if no such tunnel. */
    Optional<Tunnel> removeTags(String tunnelId, Collection<String> keys);

    /** Closes, at {@code now}, every open tunnel with {@code expiresAt <= now}, and returns the ids this call closed. */
    List<String> expireDue(Instant now);

    /** Deletes every closed tunnel with {@code closedAt < cutoff}; returns how many. */
    int purgeClosedBefore(Instant cutoff);

    /** Releases the store's connections; the store cannot be used afterwards. */
    @Override
    void close();
}
