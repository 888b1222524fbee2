package dev.underpass.server;

import dev.underpass.server.config.LayeredDefaults;
import dev.underpass.server.devices.MqttConfig;
import dev.underpass.server.mqtt.notify.ExternalBrokerSettings;
import dev.underpass.server.logging.LogFormat;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code underpass server}: runs the server until it is stopped (Ctrl-C or SIGTERM). */
@Command(name = "server", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs the Underpass server: control API and /tunnel relay on one port.")
public final class ServerMain implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Configuration file of 'key = value' lines named like these options (see docs/CONFIGURATION.md).")
    Path configFile;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data",
            description = "Database, generated CA and credentials live here (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--port", paramLabel = "N", defaultValue = "" + ServerConfig.DEFAULT_PORT,
            description = "Port for the API and /tunnel (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS",
            description = "Address to listen on (default: all interfaces; 127.0.0.1 with --plain).")
    String bind;

    @Option(names = "--plain", description = "Serve http/ws without TLS, on loopback only (development).")
    boolean plain;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "PEM certificate chain to serve instead of the generated one.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM private key of --tls-cert.")
    Path tlsKey;

    @Option(names = "--hostname", paramLabel = "NAME", split = ",",
            description = "Extra DNS names or IPs for the generated server certificate.")
    List<String> hostnames = new ArrayList<>();

    @Option(names = "--jdbc-url", paramLabel = "URL",
            description = "Database, e.g. jdbc:postgresql://db/underpass (default: embedded H2 in the data directory).")
    String jdbcUrl;

    @Option(names = "--jdbc-user", paramLabel = "USER", description = "Database user.")
    String jdbcUser;

    @Option(names = "--jdbc-password-env", paramLabel = "VAR", defaultValue = "UNDERPASS_JDBC_PASSWORD",
            description = "Environment variable holding the database password (default: ${DEFAULT-VALUE}).")
    String jdbcPasswordEnv;

    @Option(names = "--region", defaultValue = ServerConfig.DEFAULT_REGION,
            description = "Region written into ARNs and notifications (default: ${DEFAULT-VALUE}).")
    String region;

    @Option(names = "--account-id", defaultValue = ServerConfig.DEFAULT_ACCOUNT_ID,
            description = "12-digit account id written into ARNs (default: ${DEFAULT-VALUE}).")
    String accountId;

    @Option(names = "--closed-retention-minutes", defaultValue = "180",
            description = "Minutes closed tunnels stay visible before they are purged (default: ${DEFAULT-VALUE}).")
    long closedRetentionMinutes;

    @Option(names = "--max-services", defaultValue = "" + ServerConfig.DEFAULT_MAX_SERVICES_PER_TUNNEL,
            description = "Most services one tunnel may have (default: ${DEFAULT-VALUE}).")
    int maxServices;

    @Option(names = "--mqtt", paramLabel = "MODE", defaultValue = "embedded",
            description = "Tunnel notifications: embedded (broker in the server), external (publish to mqtt-broker-url) or off (default: ${DEFAULT-VALUE}).")
    String mqtt;

    @Option(names = "--mqtt-port", paramLabel = "N", defaultValue = "" + MqttConfig.DEFAULT_PORT,
            description = "MQTT-over-TLS port of the embedded broker (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int mqttPort;

    @Option(names = "--mqtt-broker-url", paramLabel = "URL",
            description = "External broker, mqtt://host:port or mqtts://host:port (with --mqtt external).")
    URI mqttBrokerUrl;

    @Option(names = "--mqtt-client-id", paramLabel = "ID", defaultValue = ExternalBrokerSettings.DEFAULT_CLIENT_ID,
            description = "Client id at the external broker (default: ${DEFAULT-VALUE}).")
    String mqttClientId;

    @Option(names = "--mqtt-username", paramLabel = "USER", description = "User name at the external broker.")
    String mqttUsername;

    @Option(names = "--mqtt-password-env", paramLabel = "VAR", defaultValue = "UNDERPASS_MQTT_PASSWORD",
            description = "Environment variable holding the external broker's password (default: ${DEFAULT-VALUE}).")
    String mqttPasswordEnv;

    @Option(names = "--mqtt-ca", paramLabel = "FILE", description = "PEM CA certificates the external broker's certificate is verified against.")
    Path mqttCa;

    @Option(names = "--mqtt-client-cert", paramLabel = "FILE", description = "PEM client certificate for the external broker.")
    Path mqttClientCert;

    @Option(names = "--mqtt-client-key", paramLabel = "FILE", description = "PEM private key of --mqtt-client-cert.")
    Path mqttClientKey;

    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "text",
            description = "Log lines on stderr as text or json (default: ${DEFAULT-VALUE}).")
    String logFormat;

    private final PrintStream out;
    private final Map<String, String> environment;

    ServerMain(PrintStream out, Map<String, String> environment) {
        this.out = out;
        this.environment = environment;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs the command with the given environment; returns its exit code (blocks while the server runs). */
    static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        CommandLine cli = commandLine(out, environment);
        cli.setErr(new PrintWriter(err, true));
        try {
            cli.setDefaultValueProvider(LayeredDefaults.from(cli.getCommandSpec(), args, environment));
        } catch (RuntimeException e) {
            err.println("underpass server: " + e.getMessage());
            return 2;
        }
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("underpass server: " + e.getMessage());
            return 1;
        });
        return cli.execute(args);
    }

    /** The command's picocli model (also used to check docs/CONFIGURATION.md against the code). */
    static CommandLine commandLine(PrintStream out, Map<String, String> environment) {
        return new CommandLine(new ServerMain(out, environment));
    }

    private MqttConfig mqttConfig() {
        MqttConfig.Mode mode = MqttConfig.Mode.parse(mqtt);
        ExternalBrokerSettings external = null;
        if (mode == MqttConfig.Mode.EXTERNAL) {
            external = new ExternalBrokerSettings(mqttBrokerUrl, mqttClientId, mqttUsername,
                    mqttUsername == null ? null : environment.get(mqttPasswordEnv), mqttCa, mqttClientCert,
                    mqttClientKey);
        }
        return new MqttConfig(mode, mqttPort, external);
    }

    @Override
    public Integer call() throws InterruptedException {
        LogFormat.parse(logFormat).install();
        ServerConfig config = new ServerConfig(dataDir.toAbsolutePath(), bind, port, plain, tlsCert, tlsKey, hostnames,
                jdbcUrl, jdbcUser, jdbcUrl == null ? null : environment.get(jdbcPasswordEnv), region, accountId,
                Duration.ofMinutes(closedRetentionMinutes), ServerConfig.DEFAULT_MAINTENANCE_INTERVAL, maxServices,
                null, mqttConfig());
        boolean firstStart = !Files.exists(config.dataDir().resolve(UnderpassServer.CREDENTIALS_FILE));
        UnderpassServer server = UnderpassServer.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "underpass-shutdown"));
        out.println("Data directory:    " + config.dataDir());
        if (server.caFile() != null) {
            out.println("CA certificate:    " + server.caFile() + "  (clients trust this: --ca-bundle / -c)");
        }
        out.println("Admin credentials: " + server.credentialsFile()
                + (firstStart ? "  (generated now; " : "  (") + "use AWS_SHARED_CREDENTIALS_FILE=" + server.credentialsFile() + ")");
        if (server.mqttPort() > 0) {
            out.println("MQTT (devices):    mqtts://" + config.effectiveBindAddress() + ":" + server.mqttPort()
                    + ", and on the HTTPS port by ALPN x-amzn-mqtt-ca and at wss /mqtt");
        }
        out.println("Underpass listening on " + server.endpoint() + " (API and /tunnel; bound to "
                + config.effectiveBindAddress() + ")");
        out.flush();
        stopped.await();
        return 0;
    }
}
