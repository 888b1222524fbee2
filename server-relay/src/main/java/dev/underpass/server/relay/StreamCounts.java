package dev.underpass.server.relay;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Streams and TCP connections open now over all tunnels, as the {@link StreamTracker}s see them: a stream counts
 * from the STREAM_START forwarded to its peer until its STREAM_RESET, its replacement by a newer stream of the same
 * service, or the end of the session. Its connections are the connection ids it carries (V3: the one of the
 * STREAM_START plus each CONNECTION_START, less each CONNECTION_RESET; at most
 * {@value StreamTracker#MAX_TRACKED_CONNECTIONS} per stream) or, for a V1/V2 stream (connection id 0), the one
 * connection the stream is.
 *
 * <p>Updated under session locks only when streams and connections start and end, never per DATA message; read from
 * any thread (gauges on scrape).
 */
final class StreamCounts {
    private final AtomicLong streams = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();

    void streamStarted(int withConnections) {
        streams.incrementAndGet();
        connections.addAndGet(withConnections);
    }

    void streamEnded(int withConnections) {
        streams.decrementAndGet();
        connections.addAndGet(-withConnections);
    }

    void connectionStarted() {
        connections.incrementAndGet();
    }

    void connectionEnded() {
        connections.decrementAndGet();
    }

    long streams() {
        return streams.get();
    }

    long connections() {
        return connections.get();
    }
}
