package dev.underpass.server.relay;

import dev.underpass.protocol.Mode;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** An in-memory {@link TunnelAuthority} with single-use tokens and client-token reconnects, recording state changes. */
final class TestAuthority implements TunnelAuthority {
    record Event(String tunnelId, Mode side, boolean connected) {
    }

    record Tokens(String tunnelId, String source, String destination) {
        String of(Mode mode) {
            return mode == Mode.SOURCE ? source : destination;
        }
    }

    private static final class Grant {
        final String tunnelId;
        final Mode mode;
        final List<String> services;
        volatile boolean used;
        volatile String clientToken;

        Grant(String tunnelId, Mode mode, List<String> services) {
            this.tunnelId = tunnelId;
            this.mode = mode;
            this.services = services;
        }
    }

    private final Map<String, Grant> grants = new ConcurrentHashMap<>();
    final List<Event> events = new CopyOnWriteArrayList<>();
    /** When set, admissions wait for it to open. */
    volatile CountDownLatch gate;
    /** When set, admissions throw it. */
    volatile RuntimeException failure;
    /** Admissions waiting at the gate now. */
    final java.util.concurrent.atomic.AtomicInteger waiting = new java.util.concurrent.atomic.AtomicInteger();

    Tokens open(String... services) {
        String tunnelId = UUID.randomUUID().toString();
        Tokens tokens = new Tokens(tunnelId, "src-" + UUID.randomUUID(), "dst-" + UUID.randomUUID());
        grants.put(tokens.source(), new Grant(tunnelId, Mode.SOURCE, List.of(services)));
        grants.put(tokens.destination(), new Grant(tunnelId, Mode.DESTINATION, List.of(services)));
        return tokens;
    }

    List<Event> events(String tunnelId) {
        return events.stream().filter(e -> e.tunnelId().equals(tunnelId)).toList();
    }

    @Override
    public Admission admit(String accessToken, Mode mode, String clientTokenOrNull) throws AdmissionDenied {
        CountDownLatch latch = gate;
        if (latch != null) {
            waiting.incrementAndGet();
            try {
                latch.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                waiting.decrementAndGet();
            }
        }
        RuntimeException fail = failure;
        if (fail != null) {
            throw fail;
        }
        Grant grant = grants.get(accessToken);
        if (grant == null) {
            throw new AdmissionDenied(401, RejectionReason.UNKNOWN_TOKEN, "unknown access token");
        }
        if (grant.mode != mode) {
            throw new AdmissionDenied(400, RejectionReason.MODE_MISMATCH,
                    "access token is for the " + grant.mode.wireName() + " side");
        }
        synchronized (grant) {
            if (grant.used && (clientTokenOrNull == null || !clientTokenOrNull.equals(grant.clientToken))) {
                throw new AdmissionDenied(401, RejectionReason.TOKEN_REUSED, "access token already used");
            }
            grant.used = true;
            grant.clientToken = clientTokenOrNull;
        }
        return new Admission(grant.tunnelId, grant.services);
    }

    @Override
    public void connectionChanged(String tunnelId, Mode side, boolean connected) {
        events.add(new Event(tunnelId, side, connected));
    }
}
