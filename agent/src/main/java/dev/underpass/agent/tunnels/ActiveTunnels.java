package dev.underpass.agent.tunnels;

import dev.underpass.localproxy.ExitCodes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tunnels the agent runs a proxy for. A tunnel is added when its proxy starts and forgotten when the proxy exits
 * (the tunnel was closed, its token refused, or the agent stops), so nothing of it stays behind. At most
 * {@code maxTunnels} run at once: a start beyond that is refused, never queued. Thread-safe.
 */
public final class ActiveTunnels {
    private static final Logger LOG = LoggerFactory.getLogger(ActiveTunnels.class);

    private final TunnelLauncher launcher;
    private final int maxTunnels;
    private final Clock clock;
    private final Map<Integer, Entry> running = new LinkedHashMap<>(); // guarded by this
    private int lastId; // guarded by this
    private boolean closed; // guarded by this

    private record Entry(TunnelRequest request, RunningTunnel tunnel, Instant started) {
    }

    public ActiveTunnels(TunnelLauncher launcher, int maxTunnels, Clock clock) {
        this.launcher = launcher;
        this.maxTunnels = maxTunnels;
        this.clock = clock;
    }

    /**
     * Starts a proxy for the request.
     *
     * @return the tunnel's number
     * @throws IllegalStateException when {@code maxTunnels} run already or the agent is closing
     * @throws RuntimeException      from the launcher, when the proxy cannot be started
     */
    public synchronized int start(TunnelRequest request) {
        if (closed) {
            throw new IllegalStateException("the agent is stopping");
        }
        if (running.size() >= maxTunnels) {
            throw new IllegalStateException(running.size() + " tunnels are running already, the most this agent "
                    + "runs at once (max-tunnels)");
        }
        RunningTunnel tunnel = launcher.launch(request);
        int id = ++lastId;
        running.put(id, new Entry(request, tunnel, clock.instant()));
        tunnel.exit().whenComplete((code, error) -> ended(id, code));
        return id;
    }

    private void ended(int id, Integer code) {
        Entry entry;
        boolean stopping;
        synchronized (this) {
            entry = running.remove(id);
            stopping = closed;
        }
        if (entry == null) {
            return;
        }
        String name = "tunnel " + id + " (" + entry.request().fingerprint() + ")";
        if (stopping) {
            LOG.info("{} stopped with the agent", name);
        } else if (code != null && code == ExitCodes.OK) {
            LOG.info("{} ended", name);
        } else {
            LOG.warn("{} ended with exit code {}{}", name, code,
                    entry.tunnel().failure().map(f -> ": " + f).orElse(""));
        }
    }

    /** The tunnels running now, oldest first. */
    public synchronized List<ActiveTunnel> snapshot() {
        List<ActiveTunnel> list = new ArrayList<>(running.size());
        running.forEach((id, e) -> list.add(new ActiveTunnel(id, e.request().fingerprint(),
                e.request().destinations(), e.started(), e.tunnel().state())));
        return list;
    }

    /** Refuses new tunnels from now on, stops every proxy and waits until each has released everything. */
    public void closeAll() {
        List<RunningTunnel> toClose = new ArrayList<>();
        synchronized (this) {
            closed = true;
            running.values().forEach(e -> toClose.add(e.tunnel()));
        }
        toClose.forEach(RunningTunnel::close);
    }
}
