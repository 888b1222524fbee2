package dev.underpass.server;

import dev.underpass.server.devices.MqttConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything the server process needs, validated at once. Defaults are the named constants below; the database
 * password never appears in {@link #toString()}.
 *
 * @param dataDir              holds the H2 database, the generated CA and server certificate, and the credentials
 * @param bindAddress          address to listen on; null means all interfaces, or loopback with {@code plain}
 * @param port                 the one port for the API and {@code /tunnel}; 0 picks a free port
 * @param plain                serve http/ws instead of https/wss (loopback development only)
 * @param tlsCertificate       configured certificate chain (PEM), or null to generate one
 * @param tlsKey               configured private key (PEM), or null
 * @param hostnames            extra DNS names/IPs for the generated server certificate
 * @param jdbcUrl              database URL; null means the embedded H2 file database in {@code dataDir}
 * @param region               region written into ARNs and notifications
 * @param accountId            12-digit account id written into ARNs
 * @param closedRetention      how long closed tunnels stay visible before they are purged
 * @param maintenanceInterval  how often expiry and purge run
 * @param maxServicesPerTunnel cap on services per tunnel (AWS's is 3)
 * @param clock                time source (tests drive expiry with their own)
 * @param mqtt                 how tunnel notifications reach devices (embedded broker, external broker, off)
 */
public record ServerConfig(
        Path dataDir,
        String bindAddress,
        int port,
        boolean plain,
        Path tlsCertificate,
        Path tlsKey,
        List<String> hostnames,
        String jdbcUrl,
        String jdbcUser,
        String jdbcPassword,
        String region,
        String accountId,
        Duration closedRetention,
        Duration maintenanceInterval,
        int maxServicesPerTunnel,
        Clock clock,
        MqttConfig mqtt) {

    public static final int DEFAULT_PORT = 8443;
    public static final String DEFAULT_REGION = "us-east-1";
    public static final String DEFAULT_ACCOUNT_ID = "000000000000";
    public static final Duration DEFAULT_CLOSED_RETENTION = Duration.ofHours(3);
    public static final Duration DEFAULT_MAINTENANCE_INTERVAL = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_SERVICES_PER_TUNNEL = 10;

    public ServerConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        hostnames = List.copyOf(hostnames);
        clock = clock == null ? Clock.systemUTC() : clock;
        mqtt = mqtt == null ? MqttConfig.embedded() : mqtt;
        List<String> problems = new ArrayList<>();
        if (port < 0 || port > 65535) {
            problems.add("port " + port + " is not between 0 and 65535");
        }
        if (plain && bindAddress != null && !isLoopback(bindAddress)) {
            problems.add("--plain serves unencrypted traffic and is for loopback only; bind address " + bindAddress
                    + " is not a loopback address (use 127.0.0.1, or drop --plain)");
        }
        if (plain && (tlsCertificate != null || tlsKey != null)) {
            problems.add("--plain and a TLS certificate exclude each other");
        }
        if (!region.matches("[a-z0-9-]{1,32}")) {
            problems.add("region '" + region + "' must be 1-32 characters of a-z, 0-9 and '-'");
        }
        if (!accountId.matches("[0-9]{12}")) {
            problems.add("account id '" + accountId + "' must be 12 digits");
        }
        if (closedRetention.isNegative()) {
            problems.add("closed-tunnel retention must not be negative");
        }
        if (maintenanceInterval.isNegative() || maintenanceInterval.isZero()) {
            problems.add("maintenance interval must be positive");
        }
        if (maxServicesPerTunnel < 1) {
            problems.add("max services per tunnel must be at least 1, not " + maxServicesPerTunnel);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid server configuration: " + String.join("; ", problems));
        }
    }

    /** Defaults for everything but the data directory. */
    public static ServerConfig defaults(Path dataDir) {
        return new ServerConfig(dataDir, null, DEFAULT_PORT, false, null, null, List.of(), null, null, null,
                DEFAULT_REGION, DEFAULT_ACCOUNT_ID, DEFAULT_CLOSED_RETENTION, DEFAULT_MAINTENANCE_INTERVAL,
                DEFAULT_MAX_SERVICES_PER_TUNNEL, Clock.systemUTC(), MqttConfig.embedded());
    }

    /** The address actually bound: the configured one, else loopback for plain and all interfaces for TLS. */
    public String effectiveBindAddress() {
        if (bindAddress != null) {
            return bindAddress;
        }
        return plain ? "127.0.0.1" : "0.0.0.0";
    }

    /** The HTTPS port; 0 (tests) picks free ports for it and for the MQTT port. */
    public ServerConfig withPort(int newPort) {
        return new ServerConfig(dataDir, bindAddress, newPort, plain, tlsCertificate, tlsKey, hostnames, jdbcUrl,
                jdbcUser, jdbcPassword, region, accountId, closedRetention, maintenanceInterval, maxServicesPerTunnel,
                clock, newPort == 0 ? mqtt.withPort(0) : mqtt);
    }

    public ServerConfig withMqtt(MqttConfig newMqtt) {
        return new ServerConfig(dataDir, bindAddress, port, plain, tlsCertificate, tlsKey, hostnames, jdbcUrl,
                jdbcUser, jdbcPassword, region, accountId, closedRetention, maintenanceInterval, maxServicesPerTunnel,
                clock, newMqtt);
    }

    public ServerConfig withPlain(boolean newPlain) {
        return new ServerConfig(dataDir, bindAddress, port, newPlain, tlsCertificate, tlsKey, hostnames, jdbcUrl,
                jdbcUser, jdbcPassword, region, accountId, closedRetention, maintenanceInterval, maxServicesPerTunnel,
                clock, mqtt);
    }

    public ServerConfig withBindAddress(String address) {
        return new ServerConfig(dataDir, address, port, plain, tlsCertificate, tlsKey, hostnames, jdbcUrl,
                jdbcUser, jdbcPassword, region, accountId, closedRetention, maintenanceInterval, maxServicesPerTunnel,
                clock, mqtt);
    }

    public ServerConfig withClock(Clock newClock) {
        return new ServerConfig(dataDir, bindAddress, port, plain, tlsCertificate, tlsKey, hostnames, jdbcUrl,
                jdbcUser, jdbcPassword, region, accountId, closedRetention, maintenanceInterval, maxServicesPerTunnel,
                newClock, mqtt);
    }

    public ServerConfig withDatabase(String url, String user, String password) {
        return new ServerConfig(dataDir, bindAddress, port, plain, tlsCertificate, tlsKey, hostnames, url, user,
                password, region, accountId, closedRetention, maintenanceInterval, maxServicesPerTunnel, clock, mqtt);
    }

    public ServerConfig withTls(Path certificate, Path key) {
        return new ServerConfig(dataDir, bindAddress, port, plain, certificate, key, hostnames, jdbcUrl, jdbcUser,
                jdbcPassword, region, accountId, closedRetention, maintenanceInterval, maxServicesPerTunnel, clock, mqtt);
    }

    public ServerConfig withRetention(Duration retention, Duration interval) {
        return new ServerConfig(dataDir, bindAddress, port, plain, tlsCertificate, tlsKey, hostnames, jdbcUrl,
                jdbcUser, jdbcPassword, region, accountId, retention, interval, maxServicesPerTunnel, clock, mqtt);
    }

    private static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "ServerConfig[dataDir=" + dataDir + ", bind=" + effectiveBindAddress() + ":" + port + ", plain="
                + plain + ", tlsCertificate=" + tlsCertificate + ", jdbcUrl=" + (jdbcUrl == null ? "(embedded H2)" : jdbcUrl)
                + ", jdbcUser=" + jdbcUser + ", jdbcPassword=" + (jdbcPassword == null ? "none" : "MASKED")
                + ", region=" + region + ", accountId=" + accountId + ", closedRetention=" + closedRetention
                + ", maxServicesPerTunnel=" + maxServicesPerTunnel + ", mqtt=" + mqtt + "]";
    }
}
