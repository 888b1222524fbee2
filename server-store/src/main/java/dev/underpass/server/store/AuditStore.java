package dev.underpass.server.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Durable storage of the audit trail: append-only, read per tunnel in order. Entries outlive the tunnels they name
 * (purging a tunnel keeps its history). Thread-safe; database failures throw {@link StoreException}.
 */
public interface AuditStore {

    /** Stores the entries in one transaction, in the given order (their {@code seq} is ignored and assigned). */
    void append(List<AuditEvent> events);

    /**
     * A tunnel's entries in the order they were stored, oldest first.
     *
     * @param afterSeq only entries after this position; 0 for the first page
     * @param limit    at most this many, at least 1
     */
    List<AuditEvent> forTunnel(String tunnelId, long afterSeq, int limit);

    /** The thing names of the tunnels with these ids that have one (purged tunnels are left out). */
    Map<String, String> thingNames(Collection<String> tunnelIds);
}
