package dev.underpass.localproxy.cli;

import static dev.underpass.localproxy.cli.OptionNames.ACCESS_TOKEN;
import static dev.underpass.localproxy.cli.OptionNames.CAPATH;
import static dev.underpass.localproxy.cli.OptionNames.CLIENT_TOKEN;
import static dev.underpass.localproxy.cli.OptionNames.DESTINATION_APP;
import static dev.underpass.localproxy.cli.OptionNames.DESTINATION_CLIENT_TYPE;
import static dev.underpass.localproxy.cli.OptionNames.LOCAL_BIND_ADDRESS;
import static dev.underpass.localproxy.cli.OptionNames.MODE;
import static dev.underpass.localproxy.cli.OptionNames.NO_SSL_HOST_VERIFY;
import static dev.underpass.localproxy.cli.OptionNames.PROXY_ENDPOINT;
import static dev.underpass.localproxy.cli.OptionNames.REGION;
import static dev.underpass.localproxy.cli.OptionNames.SOURCE_LISTEN_PORT;
import static dev.underpass.localproxy.cli.OptionNames.VERBOSE;

import dev.underpass.localproxy.ExitCodes;
import dev.underpass.localproxy.LocalProxy;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code underpass localproxy}: AWS localproxy's flags and environment variables, and its exit behaviour (0 when the
 * server closes the tunnel, {@value ExitCodes#USAGE} for bad flags, {@value ExitCodes#REJECTED} when the handshake
 * is refused). Use {@link #commandLine(Map)} to get it with our usage-error handling.
 */
@Command(name = "localproxy", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = VersionProvider.class,
        description = "Carries TCP connections through an Underpass (or AWS IoT Secure Tunneling) tunnel.",
        footer = {"",
            "Environment: AWSIOT_TUNNEL_ACCESS_TOKEN, AWSIOT_TUNNEL_CLIENT_TOKEN,",
            "  AWSIOT_TUNNEL_ENDPOINT, AWSIOT_TUNNEL_REGION, HTTPS_PROXY or https_proxy",
            "  (HTTP CONNECT proxy, http://[user:pass@]host[:port]), NO_PROXY or no_proxy.",
            "Precedence: command line > --config file > environment > defaults.",
            "Exit codes: 0 tunnel closed by the server, 1 local failure, 2 usage error,",
            "  3 handshake refused (4xx), 4 local services do not match the tunnel's."})
public final class LocalProxyCommand implements Callable<Integer> {
    @Option(names = {"-t", "--access-token"}, paramLabel = "TOKEN",
            description = "Access token (prefer AWSIOT_TUNNEL_ACCESS_TOKEN: flags show in process lists).")
    String accessToken;
    @Option(names = {"-i", "--client-token"}, paramLabel = "TOKEN",
            description = "Client token for reconnects (32-128 of [a-zA-Z0-9-]); generated when absent.")
    String clientToken;
    @Option(names = {"-e", "--proxy-endpoint"}, paramLabel = "ENDPOINT",
            description = "Server: host[:port] (port 443), wss://host:port or ws://host:port (no TLS).")
    String proxyEndpoint;
    @Option(names = {"-r", "--region"}, paramLabel = "REGION",
            description = "AWS region: connects to data.tunneling.iot.REGION.amazonaws.com.")
    String region;
    @Option(names = {"-s", "--source-listen-port"}, paramLabel = "PORTS",
            description = "Source mode: PORT, or SERVICE=PORT[,SERVICE=PORT...].")
    String sourceListenPort;
    @Option(names = {"-d", "--destination-app"}, paramLabel = "ADDRESSES",
            description = "Destination mode: PORT, HOST:PORT, or SERVICE=[HOST:]PORT[,...].")
    String destinationApp;
    @Option(names = {"-b", "--local-bind-address"}, paramLabel = "ADDRESS",
            description = "Address to listen on (source, default localhost) or connect from (destination).")
    String localBindAddress;
    @Option(names = {"-c", "--capath"}, paramLabel = "PATH",
            description = "Extra trusted CAs: a PEM file or a directory of PEM files.")
    String capath;
    @Option(names = {"-k", "--no-ssl-host-verify"},
            description = "Do not verify the server's certificate or host name (testing only).")
    boolean noSslHostVerify;
    @Option(names = "--config", paramLabel = "FILE", description = "File of option = value lines.")
    Path configFile;
    @Option(names = {"-v", "--verbose"}, paramLabel = "LEVEL",
            description = "0 off, 1 fatal, 2 error, 3 warning, 4 info (default), 5 debug, 6 trace.")
    String verbose;
    @Option(names = {"-m", "--mode"}, paramLabel = "MODE", description = "src|source or dst|destination.")
    String mode;
    @Option(names = {"-y", "--destination-client-type"}, paramLabel = "V1|V2",
            description = "Speak the V1 or V2 protocol to an older destination (V3 by default).")
    String destinationClientType;

    @Spec
    CommandSpec spec;

    private final Map<String, String> env;

    /** Reads the process environment. */
    public LocalProxyCommand() {
        this(System.getenv());
    }

    /** Reads {@code env} instead of the process environment. */
    public LocalProxyCommand(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** A command line for this command whose usage errors print one line each and exit {@value ExitCodes#USAGE}. */
    public static CommandLine commandLine(Map<String, String> env) {
        CommandLine cl = new CommandLine(new LocalProxyCommand(env));
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("localproxy: " + ex.getMessage());
            err.println("Try 'localproxy --help' for more information.");
            err.flush();
            return ExitCodes.USAGE;
        });
        return cl;
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        SettingsAssembler.Settings settings;
        try {
            settings = settings();
        } catch (UsageException e) {
            e.problems().forEach(p -> err.println("localproxy: " + p));
            err.println("Try 'localproxy --help' for more information.");
            err.flush();
            return ExitCodes.USAGE;
        }
        Verbosity.apply(settings.verbosity());
        LocalProxy proxy;
        try {
            proxy = LocalProxy.start(settings.config());
        } catch (IllegalArgumentException e) {
            err.println("localproxy: " + e.getMessage());
            err.flush();
            return ExitCodes.USAGE;
        }
        Thread hook = new Thread(proxy::close, "localproxy-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        int code = proxy.awaitExit();
        proxy.failure().ifPresent(message -> err.println("localproxy: " + message));
        err.flush();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down already
        }
        return code;
    }

    /** The settings the parsed flags, the {@code --config} file and the environment describe. */
    SettingsAssembler.Settings settings() throws UsageException {
        ConfigFile file = configFile == null ? null : ConfigFile.read(configFile, OptionNames.all());
        return new SettingsAssembler(cliLayer(), file, env).assemble();
    }

    private Map<String, Setting> cliLayer() {
        Map<String, Setting> m = new HashMap<>();
        put(m, ACCESS_TOKEN, accessToken);
        put(m, CLIENT_TOKEN, clientToken);
        put(m, PROXY_ENDPOINT, proxyEndpoint);
        put(m, REGION, region);
        put(m, SOURCE_LISTEN_PORT, sourceListenPort);
        put(m, DESTINATION_APP, destinationApp);
        put(m, LOCAL_BIND_ADDRESS, localBindAddress);
        put(m, CAPATH, capath);
        put(m, NO_SSL_HOST_VERIFY, noSslHostVerify ? "true" : null);
        put(m, VERBOSE, verbose);
        put(m, MODE, mode);
        put(m, DESTINATION_CLIENT_TYPE, destinationClientType);
        return m;
    }

    private static void put(Map<String, Setting> m, String name, String value) {
        if (value != null) {
            m.put(name, new Setting(value, OptionNames.FLAGS.get(name)));
        }
    }
}
