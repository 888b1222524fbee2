package dev.underpass.agent.config;

import dev.underpass.localproxy.HostPort;
import dev.underpass.localproxy.ProxyEndpoint;
import dev.underpass.localproxy.ServiceMappings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything the device agent needs, validated on construction: a bad config fails with an
 * {@link InvalidConfigException} listing every problem (naming the {@link AgentConfigFile} key in parentheses). It
 * holds file paths, never key material or tokens, so {@link #toString()} shows nothing secret. Read from a file with
 * {@link AgentConfigFile}.
 *
 * @param thingName         the thing's name: the MQTT client id and part of the notify topic
 * @param mqttEndpoint      the MQTT broker; always TLS with the client certificate
 * @param certificate       the thing's certificate (PEM; the chain may follow it)
 * @param privateKey        the certificate's private key (PEM: PKCS#8, PKCS#1 RSA or SEC1 EC; not encrypted)
 * @param rootCa            the CA certificates the broker's certificate is verified against (PEM)
 * @param tunnelEndpoint    the tunneling data plane, or null for AWS's {@code data.tunneling.iot.<region>
 *                          .amazonaws.com:443} with the region of each notification
 * @param tunnelCa          extra CA certificates for the tunnel endpoint, or null to use {@code rootCa}
 * @param services          service name to local address; matched ignoring case. Empty means the AWS IoT Device
 *                          Client's defaults, {@link #DEFAULT_SERVICES}
 * @param exec              an external local proxy to run per tunnel instead of the in-process one, or null
 * @param maxTunnels        tunnels running at once; a notification beyond it is refused with a log line
 * @param keepAlive         the MQTT keep-alive interval
 * @param reconnectDelay    the first MQTT reconnect delay; it doubles up to {@code maxReconnectDelay}, with jitter
 * @param maxReconnectDelay the cap of the MQTT reconnect delay
 */
public record AgentConfig(
        String thingName,
        HostPort mqttEndpoint,
        Path certificate,
        Path privateKey,
        Path rootCa,
        ProxyEndpoint tunnelEndpoint,
        Path tunnelCa,
        Map<String, HostPort> services,
        Path exec,
        int maxTunnels,
        Duration keepAlive,
        Duration reconnectDelay,
        Duration maxReconnectDelay) {

    /** The MQTT port when the endpoint names none: MQTT over TLS. */
    public static final int DEFAULT_MQTT_PORT = 8883;
    /** What the AWS IoT Device Client maps when nothing is configured (it connects to 127.0.0.1). */
    public static final Map<String, HostPort> DEFAULT_SERVICES = defaultServices();
    public static final int DEFAULT_MAX_TUNNELS = 16;
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(60);
    public static final Duration DEFAULT_RECONNECT_DELAY = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_RECONNECT_DELAY = Duration.ofMinutes(2);
    /** AWS IoT's thing-name pattern; the name goes into a topic, so wildcards and slashes are excluded. */
    public static final Pattern THING_NAME = Pattern.compile("[a-zA-Z0-9:_-]{1,128}");
    /** MQTT 3.1.1 keep-alive is a 16-bit number of seconds. */
    public static final Duration MAX_KEEP_ALIVE = Duration.ofSeconds(65_535);

    public AgentConfig {
        services = services == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(services));
        List<String> problems = new ArrayList<>();
        if (thingName == null || thingName.isBlank()) {
            problems.add("no thing name (thing-name)");
        } else if (!THING_NAME.matcher(thingName).matches()) {
            problems.add("'" + thingName + "' is not a thing name (1 to 128 characters of a-z, A-Z, 0-9, ':', '_' "
                    + "and '-')");
        }
        if (mqttEndpoint == null) {
            problems.add("no MQTT endpoint (mqtt-endpoint)");
        } else if (mqttEndpoint.port() == 0) {
            problems.add("the MQTT endpoint " + mqttEndpoint + " needs a non-zero port");
        }
        requireFile("certificate", "certificate", certificate, problems);
        requireFile("private key", "private-key", privateKey, problems);
        requireFile("root CA", "root-ca", rootCa, problems);
        checkServices(services, problems);
        if (maxTunnels < 1) {
            problems.add("at most " + maxTunnels + " tunnels: must be at least 1");
        }
        checkPositive("keep-alive", keepAlive, problems);
        if (keepAlive != null && keepAlive.compareTo(MAX_KEEP_ALIVE) > 0) {
            problems.add("the keep-alive " + keepAlive + " is above MQTT's maximum of 65535 seconds");
        }
        checkPositive("reconnect delay", reconnectDelay, problems);
        checkPositive("maximum reconnect delay", maxReconnectDelay, problems);
        if (reconnectDelay != null && maxReconnectDelay != null && maxReconnectDelay.compareTo(reconnectDelay) < 0) {
            problems.add("the maximum reconnect delay " + maxReconnectDelay + " is below the reconnect delay "
                    + reconnectDelay);
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
    }

    private static Map<String, HostPort> defaultServices() {
        Map<String, HostPort> map = new LinkedHashMap<>();
        map.put("SSH", new HostPort("127.0.0.1", 22));
        map.put("VNC", new HostPort("127.0.0.1", 5900));
        return Collections.unmodifiableMap(map);
    }

    /** A builder with the defaults; thing name, MQTT endpoint, certificate, key and root CA are required. */
    public static Builder builder(String thingName, HostPort mqttEndpoint) {
        return new Builder(thingName, mqttEndpoint);
    }

    /** The CA certificates the tunnel endpoint is verified against (besides the JDK's). */
    public Path effectiveTunnelCa() {
        return tunnelCa != null ? tunnelCa : rootCa;
    }

    /** The services a tunnel may ask for: the configured ones, or the Device Client's defaults when none are. */
    public Map<String, HostPort> effectiveServices() {
        return services.isEmpty() ? DEFAULT_SERVICES : services;
    }

    /** The local address of a service a tunnel asks for, matched ignoring case, or empty when not mapped. */
    public Optional<HostPort> serviceAddress(String service) {
        for (Map.Entry<String, HostPort> e : effectiveServices().entrySet()) {
            if (e.getKey().equalsIgnoreCase(service)) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    /** The MQTT topic the tunnel notifications arrive on. */
    public String notifyTopic() {
        return "$aws/things/" + thingName + "/tunnels/notify";
    }

    private static void requireFile(String what, String key, Path path, List<String> problems) {
        if (path == null) {
            problems.add("no " + what + " file (" + key + ")");
        }
    }

    private static void checkServices(Map<String, HostPort> services, List<String> problems) {
        Map<String, String> seen = new HashMap<>();
        services.forEach((name, address) -> {
            if (name == null || !ServiceMappings.SERVICE_ID.matcher(name).matches()) {
                problems.add("'" + name + "' is not a service name (1 to 128 characters of a-z, A-Z, 0-9, ':', '_' "
                        + "and '-')");
                return;
            }
            String other = seen.put(name.toLowerCase(Locale.ROOT), name);
            if (other != null) {
                problems.add("services '" + other + "' and '" + name + "' differ only in case; service names are "
                        + "matched ignoring case");
            }
            if (address == null || address.port() == 0) {
                problems.add("service '" + name + "' needs an address with a non-zero port");
            }
        });
    }

    private static void checkPositive(String what, Duration d, List<String> problems) {
        if (d == null || d.isNegative() || d.isZero()) {
            problems.add("the " + what + " must be positive (got " + d + ")");
        }
    }

    /** Builds an {@link AgentConfig} from the defaults. */
    public static final class Builder {
        private final String thingName;
        private final HostPort mqttEndpoint;
        private Path certificate;
        private Path privateKey;
        private Path rootCa;
        private ProxyEndpoint tunnelEndpoint;
        private Path tunnelCa;
        private final Map<String, HostPort> services = new LinkedHashMap<>();
        private Path exec;
        private int maxTunnels = DEFAULT_MAX_TUNNELS;
        private Duration keepAlive = DEFAULT_KEEP_ALIVE;
        private Duration reconnectDelay = DEFAULT_RECONNECT_DELAY;
        private Duration maxReconnectDelay = DEFAULT_MAX_RECONNECT_DELAY;

        private Builder(String thingName, HostPort mqttEndpoint) {
            this.thingName = thingName;
            this.mqttEndpoint = mqttEndpoint;
        }

        /** The certificate, its private key and the root CA, as {@code things create} or AWS's console write them. */
        public Builder credentials(Path certificateFile, Path privateKeyFile, Path rootCaFile) {
            this.certificate = certificateFile;
            this.privateKey = privateKeyFile;
            this.rootCa = rootCaFile;
            return this;
        }

        public Builder tunnelEndpoint(ProxyEndpoint endpoint) {
            this.tunnelEndpoint = endpoint;
            return this;
        }

        public Builder tunnelCa(Path caFile) {
            this.tunnelCa = caFile;
            return this;
        }

        /** Maps a service a tunnel may ask for to a local address. */
        public Builder service(String name, HostPort address) {
            services.put(Objects.requireNonNull(name), address);
            return this;
        }

        public Builder exec(Path localProxyCommand) {
            this.exec = localProxyCommand;
            return this;
        }

        public Builder maxTunnels(int max) {
            this.maxTunnels = max;
            return this;
        }

        public Builder keepAlive(Duration interval) {
            this.keepAlive = interval;
            return this;
        }

        public Builder reconnectDelay(Duration initial, Duration max) {
            this.reconnectDelay = initial;
            this.maxReconnectDelay = max;
            return this;
        }

        public AgentConfig build() {
            return new AgentConfig(thingName, mqttEndpoint, certificate, privateKey, rootCa, tunnelEndpoint, tunnelCa,
                    services, exec, maxTunnels, keepAlive, reconnectDelay, maxReconnectDelay);
        }
    }
}
