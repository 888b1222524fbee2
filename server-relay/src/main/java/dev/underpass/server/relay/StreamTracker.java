package dev.underpass.server.relay;

import dev.underpass.protocol.MessageHeader;
import dev.underpass.protocol.TunnelMessages;
import dev.underpass.protocol.proto.Message;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The streams open in one session of a tunnel, as seen in the messages the relay forwarded: per service the active
 * stream id (one at a time, SPEC §4) and its connection ids. When a side goes, the survivor gets one STREAM_RESET
 * per active stream (SPEC prefers these to SESSION_RESET). Not thread-safe: the session's lock guards it.
 *
 * <p>Bounds: one entry per service (serviceIds are checked against the tunnel's list before they get here), and at
 * most {@value #MAX_TRACKED_CONNECTIONS} connection ids per stream; ids beyond that are forwarded but not tracked,
 * which loses nothing, since the reset on disconnect is per stream.
 */
final class StreamTracker {
    static final int MAX_TRACKED_CONNECTIONS = 1024;

    private final Map<String, ActiveStream> streams = new LinkedHashMap<>();
    private final StreamCounts counts;

    /** A tracker adding its streams and connections to {@code counts}, which all sessions share. */
    StreamTracker(StreamCounts counts) {
        this.counts = counts;
    }

    /** Notes the effect of a message forwarded to the other side. */
    void observe(MessageHeader header) {
        String service = header.serviceId();
        ActiveStream active = streams.get(service);
        boolean current = active != null && active.streamId == header.streamId();
        switch (header.type()) {
            case STREAM_START -> {
                ActiveStream started = new ActiveStream(header.streamId(), header.connectionId());
                ActiveStream replaced = streams.put(service, started); // a new stream replaces the old one
                if (replaced != null) {
                    counts.streamEnded(replaced.connectionCount());
                }
                counts.streamStarted(started.connectionCount());
            }
            case CONNECTION_START -> {
                if (current && active.add(header.connectionId())) {
                    counts.connectionStarted();
                }
            }
            case CONNECTION_RESET -> {
                if (current && active.connections.remove(header.connectionId())) {
                    counts.connectionEnded();
                }
            }
            case STREAM_RESET -> {
                if (current) {
                    streams.remove(service);
                    counts.streamEnded(active.connectionCount());
                }
            }
            default -> {
            }
        }
    }

    /** One STREAM_RESET per active stream, and forgets them all: the session ended. */
    List<Message> drainResets() {
        List<Message> resets = new ArrayList<>(streams.size());
        streams.forEach((service, stream) -> {
            resets.add(TunnelMessages.control(Message.Type.STREAM_RESET, stream.streamId, service, 0));
            counts.streamEnded(stream.connectionCount());
        });
        streams.clear();
        return resets;
    }

    /** Active stream id of a service, 0 when none. */
    int activeStream(String serviceId) {
        ActiveStream active = streams.get(serviceId);
        return active == null ? 0 : active.streamId;
    }

    /** Tracked connection ids of a service's active stream. */
    Set<Integer> activeConnections(String serviceId) {
        ActiveStream active = streams.get(serviceId);
        return active == null ? Set.of() : Set.copyOf(active.connections);
    }

    /**
     * The answer to a message that found no peer: STREAM_RESET for a STREAM_START, CONNECTION_RESET for a
     * CONNECTION_START, {@code null} for anything else (dropped).
     */
    static Message answerForAbsentPeer(MessageHeader header) {
        return switch (header.type()) {
            case STREAM_START -> TunnelMessages.control(Message.Type.STREAM_RESET, header.streamId(),
                    header.serviceId(), 0);
            case CONNECTION_START -> TunnelMessages.control(Message.Type.CONNECTION_RESET, header.streamId(),
                    header.serviceId(), header.connectionId());
            default -> null;
        };
    }

    private static final class ActiveStream {
        final int streamId;
        final Set<Integer> connections = new HashSet<>();
        final boolean legacy; // started without a connection id (V1/V2): the stream is its one connection

        ActiveStream(int streamId, int firstConnectionId) {
            this.streamId = streamId;
            this.legacy = firstConnectionId == 0;
            add(firstConnectionId);
        }

        /** Tracks a connection id; whether it is newly tracked. */
        boolean add(int connectionId) {
            return connectionId != 0 && connections.size() < MAX_TRACKED_CONNECTIONS
                    && connections.add(connectionId);
        }

        /** Connections of this stream as {@link StreamCounts} counts them. */
        int connectionCount() {
            return (legacy ? 1 : 0) + connections.size();
        }
    }
}
