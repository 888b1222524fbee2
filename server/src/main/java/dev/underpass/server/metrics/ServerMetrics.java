package dev.underpass.server.metrics;

import dev.underpass.protocol.Mode;
import dev.underpass.server.api.ApiObserver;
import dev.underpass.server.mqtt.gate.GateObserver;
import dev.underpass.server.mqtt.notify.NotifyObserver;
import dev.underpass.server.relay.RejectionReason;
import dev.underpass.server.relay.Relay;
import dev.underpass.server.relay.RelayObserver;
import dev.underpass.server.store.TunnelStore;
import dev.underpass.server.audit.AuditTrail;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * The server's Prometheus metrics: bytes relayed per direction, handshake refusals by HTTP status and reason code,
 * protocol violations by close code, API calls and their latency by operation and outcome, and gauges for open
 * tunnels, connected sides, tunnels with a connection, active streams and active connections; tunnel notifications
 * by outcome, MQTT device connections admitted or refused, and the audit trail's counters. Label values come from
 * small fixed sets (statuses, reason codes, close codes, operation and error names), never from user input.
 */
public final class ServerMetrics implements RelayObserver, ApiObserver, NotifyObserver, GateObserver {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter sourceToDestination = bytes("source_to_destination");
    private final Counter destinationToSource = bytes("destination_to_source");
    private final ConcurrentMap<RejectionKey, Counter> rejections = new ConcurrentHashMap<>();
    private final ConcurrentMap<Integer, Counter> violations = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> notifications = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> deviceConnections = new ConcurrentHashMap<>();

    private Counter bytes(String direction) {
        return Counter.builder("underpass.relay.bytes").baseUnit("bytes").tag("direction", direction)
                .description("Tunnel message bytes relayed, length prefixes included").register(registry);
    }

    /** Adds the gauges that read the relay and the store (the store is read on each scrape). */
    public void bind(Relay relay, TunnelStore store) {
        Gauge.builder("underpass.relay.connected.sides", relay, Relay::connectedSides)
                .description("Tunnel sides connected now").register(registry);
        Gauge.builder("underpass.relay.active.tunnels", relay, Relay::activeTunnels)
                .description("Tunnels with at least one side connected").register(registry);
        Gauge.builder("underpass.relay.active.streams", relay, Relay::activeStreams)
                .description("Streams open now over all tunnels").register(registry);
        Gauge.builder("underpass.relay.active.connections", relay, Relay::activeConnections)
                .description("TCP connections carried now: V3 connection ids of open streams, one per V1/V2 stream")
                .register(registry);
        Gauge.builder("underpass.tunnels.open", store, s -> s.countOpen())
                .description("Tunnels with status OPEN").register(registry);
    }

    @Override
    public void relayed(Mode from, int bytes) {
        (from == Mode.SOURCE ? sourceToDestination : destinationToSource).increment(bytes);
    }

    @Override
    public void handshakeRejected(int httpStatus, RejectionReason reason) {
        rejections.computeIfAbsent(new RejectionKey(httpStatus, reason), key -> Counter.builder(
                        "underpass.handshake.rejections")
                .tag("status", Integer.toString(key.status()))
                .tag("reason", key.reason().tag())
                .description("Refused /tunnel upgrade requests by HTTP status and reason").register(registry))
                .increment();
    }

    private record RejectionKey(int status, RejectionReason reason) {
    }

    @Override
    public void violation(int closeCode) {
        violations.computeIfAbsent(closeCode, code -> Counter.builder("underpass.relay.violations")
                .tag("close_code", Integer.toString(code))
                .description("Connections closed for breaking the protocol").register(registry)).increment();
    }

    @Override
    public void completed(ApiCallRecord call) {
        Timer.builder("underpass.api.calls")
                .tag("operation", call.operation() == null ? "unknown" : call.operation())
                .tag("outcome", call.errorType() == null ? "ok" : call.errorType())
                .description("Control API calls by operation and outcome")
                .register(registry)
                .record(call.durationNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void notified(NotifyObserver.Outcome outcome) {
        notifications.computeIfAbsent(outcome.label(), label -> Counter.builder("underpass.notify.deliveries")
                .tag("outcome", label)
                .description("Tunnel notifications by outcome: delivered (to the broker), failed, dropped")
                .register(registry)).increment();
    }

    @Override
    public void admitted() {
        deviceConnection("admitted");
    }

    @Override
    public void refused(String reason) {
        deviceConnection(reason);
    }

    private void deviceConnection(String outcome) {
        deviceConnections.computeIfAbsent(outcome, label -> Counter.builder("underpass.mqtt.connections")
                .tag("outcome", label)
                .description("MQTT device connections admitted by the gate, or refused by reason")
                .register(registry)).increment();
    }

    /** Adds the audit trail's counters: entries stored, dropped on a full queue, lost to a failed write. */
    public void bind(AuditTrail audit) {
        FunctionCounter.builder("underpass.audit.written", audit, AuditTrail::written)
                .description("Audit entries stored").register(registry);
        FunctionCounter.builder("underpass.audit.dropped", audit, AuditTrail::dropped)
                .description("Audit entries dropped because the audit queue was full").register(registry);
        FunctionCounter.builder("underpass.audit.failed", audit, AuditTrail::failed)
                .description("Audit entries logged but not stored: their database write failed").register(registry);
        Gauge.builder("underpass.audit.queued", audit, AuditTrail::queued)
                .description("Audit entries waiting to be written").register(registry);
    }

    /** The Prometheus text exposition of every metric. Reads the store: call it off the event loop. */
    public String scrape() {
        return registry.scrape();
    }
}
