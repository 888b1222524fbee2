package dev.underpass.agent.notify;

import dev.underpass.agent.config.AgentConfig;
import dev.underpass.agent.tunnels.ActiveTunnels;
import dev.underpass.agent.tunnels.TunnelRequest;
import dev.underpass.localproxy.HostPort;
import dev.underpass.localproxy.ProxyEndpoint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns notify payloads into tunnels: validates the payload, ignores duplicates, maps every service through the
 * config, picks the tunnel endpoint and starts the destination proxy. A payload it cannot use is logged (one line,
 * saying why and what to do) and dropped; nothing here throws, so the MQTT session carries on. Tokens never reach a
 * log line: notifications are named by their {@link Notification#fingerprint() fingerprint}.
 */
public final class NotificationHandler implements Consumer<byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationHandler.class);

    private final AgentConfig config;
    private final ActiveTunnels tunnels;
    private final RecentTokens recent;

    public NotificationHandler(AgentConfig config, ActiveTunnels tunnels, RecentTokens recent) {
        this.config = config;
        this.tunnels = tunnels;
        this.recent = recent;
    }

    @Override
    public void accept(byte[] payload) {
        Notification notification;
        try {
            notification = NotificationParser.parse(payload);
        } catch (InvalidNotificationException e) {
            LOG.warn("ignored a tunnel notification: {}", e.getMessage());
            return;
        }
        String name = "tunnel notification " + notification.fingerprint();
        if (!recent.add(notification)) {
            LOG.info("ignored a duplicate of {}", name);
            return;
        }
        Map<String, HostPort> destinations = new LinkedHashMap<>();
        for (String service : notification.services()) {
            HostPort address = config.serviceAddress(service).orElse(null);
            if (address == null) {
                LOG.warn("refused {} for services {}: service '{}' is not in this agent's service map ({}); add "
                        + "'service.{} = HOST:PORT' to the agent's config to allow it", name,
                        notification.services(), service, String.join(", ", config.effectiveServices().keySet()),
                        service);
                return;
            }
            destinations.put(service, address);
        }
        ProxyEndpoint endpoint = config.tunnelEndpoint();
        if (endpoint == null && notification.region() == null) {
            LOG.warn("refused {}: it names no region and the agent's config sets no tunnel-endpoint", name);
            return;
        }
        if (endpoint == null) {
            endpoint = ProxyEndpoint.forRegion(notification.region());
        }
        TunnelRequest request = new TunnelRequest(notification.accessToken(), notification.fingerprint(), endpoint,
                config.effectiveTunnelCa(), destinations);
        try {
            int id = tunnels.start(request);
            LOG.info("tunnel {} ({}): destination for {} through {}", id, notification.fingerprint(),
                    describe(destinations), endpoint);
        } catch (RuntimeException e) {
            LOG.warn("could not start a proxy for {}: {}", name, e.getMessage());
        }
    }

    private static String describe(Map<String, HostPort> destinations) {
        List<String> parts = destinations.entrySet().stream().map(e -> e.getKey() + " → " + e.getValue())
                .collect(Collectors.toList());
        return String.join(", ", parts);
    }
}
