package dev.underpass.agent;

import dev.underpass.agent.config.AgentConfig;
import dev.underpass.agent.exec.ExecLauncher;
import dev.underpass.agent.mqtt.DeviceTls;
import dev.underpass.agent.mqtt.NotifyConnection;
import dev.underpass.agent.notify.NotificationHandler;
import dev.underpass.agent.notify.RecentTokens;
import dev.underpass.agent.tunnels.ActiveTunnel;
import dev.underpass.agent.tunnels.ActiveTunnels;
import dev.underpass.agent.tunnels.InProcessLauncher;
import dev.underpass.agent.tunnels.TunnelLauncher;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running device agent: it keeps an MQTT session with the broker (mutual TLS, the thing's certificate), and for
 * each tunnel notification on {@code $aws/things/<thing>/tunnels/notify} starts one destination proxy that maps the
 * tunnel's services to local addresses. A proxy runs until its tunnel closes; then it is forgotten and everything it
 * held is released.
 *
 * <p>Contract: {@link #start} returns at once and never fails because the broker is unreachable — the agent
 * reconnects forever, with exponential backoff and jitter. Notifications it cannot use (invalid payloads, unknown
 * services, duplicates, more than {@code max-tunnels} at once) are logged and dropped. {@link #close()} disconnects
 * first, so no tunnel starts afterwards, then stops every proxy and waits for them.
 */
public final class Agent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

    private final AgentConfig config;
    private final ActiveTunnels tunnels;
    private final NotifyConnection mqtt;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Agent(AgentConfig config, ActiveTunnels tunnels, NotifyConnection mqtt) {
        this.config = config;
        this.tunnels = tunnels;
        this.mqtt = mqtt;
    }

    /**
     * Starts an agent with the system clock.
     *
     * @throws IllegalArgumentException when the certificate, key or root CA cannot be used, naming each problem
     */
    public static Agent start(AgentConfig config) {
        return start(config, Clock.systemUTC());
    }

    /**
     * Starts an agent whose tunnel start times come from {@code clock}.
     *
     * @throws IllegalArgumentException when the certificate, key or root CA cannot be used, naming each problem
     */
    public static Agent start(AgentConfig config, Clock clock) {
        DeviceTls tls = DeviceTls.load(config.certificate(), config.privateKey(), config.rootCa());
        TunnelLauncher launcher = config.exec() != null ? new ExecLauncher(config.exec()) : new InProcessLauncher();
        ActiveTunnels tunnels = new ActiveTunnels(launcher, config.maxTunnels(), clock);
        NotificationHandler handler = new NotificationHandler(config, tunnels,
                new RecentTokens(RecentTokens.DEFAULT_CAPACITY));
        LOG.info("agent for thing {}: MQTT {}, services {}, tunnel endpoint {}, {}", config.thingName(),
                config.mqttEndpoint(), config.effectiveServices(), config.tunnelEndpoint() != null
                        ? config.tunnelEndpoint() : "by region", launcher.describe());
        NotifyConnection mqtt = NotifyConnection.start(config, tls, handler, new SecureRandom());
        return new Agent(config, tunnels, mqtt);
    }

    public AgentConfig config() {
        return config;
    }

    /** Whether the MQTT session is up and the notify topic subscribed: a notification published now arrives. */
    public boolean connected() {
        return mqtt.subscribed();
    }

    /** The tunnels with a running proxy, oldest first. */
    public List<ActiveTunnel> activeTunnels() {
        return tunnels.snapshot();
    }

    /**
     * Disconnects from the broker (the broker keeps the session: notifications published meanwhile arrive at the
     * next start), then stops every proxy and waits until they have released their threads and sockets. Calling it
     * again does nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        mqtt.close();
        tunnels.closeAll();
        LOG.info("agent for thing {} stopped", config.thingName());
    }
}
