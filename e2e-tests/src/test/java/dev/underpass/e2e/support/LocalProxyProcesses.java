package dev.underpass.e2e.support;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Runs the local proxy's command line ({@code LocalProxyMain}, AWS's flags) as a separate OS process, the token passed
 * in {@code AWSIOT_TUNNEL_ACCESS_TOKEN} as AWS recommends, the server's CA given with {@code -c}.
 */
public final class LocalProxyProcesses {
    public static final String MAIN_CLASS = "dev.underpass.localproxy.cli.LocalProxyMain";
    private static final Duration LISTEN_TIMEOUT = Duration.ofSeconds(30);

    private LocalProxyProcesses() {
    }

    /** {@code localproxy -m src -s MAPPINGS -b 127.0.0.1 -e HOST:PORT -c CA}, started with the given JVM options. */
    public static JavaProcess source(String name, List<String> jvmOptions, ServerAccess server, String token,
            String mappings) throws IOException {
        return source(name, jvmOptions, server, token, mappings, Map.of());
    }

    /** The same with changes to the environment (a null value removes a variable), e.g. {@code HTTPS_PROXY}. */
    public static JavaProcess source(String name, List<String> jvmOptions, ServerAccess server, String token,
            String mappings, Map<String, String> env) throws IOException {
        return start(name, jvmOptions, server.proxyEndpoint(), server, token,
                List.of("-m", "src", "-s", mappings, "-b", "127.0.0.1"), env);
    }

    /** {@code localproxy -m dst -d MAPPINGS -e HOST:PORT -c CA}, started with the given JVM options. */
    public static JavaProcess destination(String name, List<String> jvmOptions, ServerAccess server, String token,
            String mappings) throws IOException {
        return destination(name, jvmOptions, server.proxyEndpoint(), server, token, mappings);
    }

    /** The same with another form of {@code -e}, such as a full {@code wss://} URL. */
    public static JavaProcess destination(String name, List<String> jvmOptions, String endpointFlag,
            ServerAccess server, String token, String mappings) throws IOException {
        return start(name, jvmOptions, endpointFlag, server, token, List.of("-m", "dst", "-d", mappings), Map.of());
    }

    private static JavaProcess start(String name, List<String> jvmOptions, String endpointFlag, ServerAccess server,
            String token, List<String> modeArgs, Map<String, String> env) throws IOException {
        List<String> args = new ArrayList<>(List.of("-e", endpointFlag, "-c", server.caFile().toString()));
        args.addAll(modeArgs);
        Map<String, String> environment = new HashMap<>(env);
        environment.put("AWSIOT_TUNNEL_ACCESS_TOKEN", token);
        return JavaProcess.start(name, jvmOptions, MAIN_CLASS, args, environment);
    }

    /** The port a source process says it listens on for a service. */
    public static int listenPort(JavaProcess source, String serviceId) {
        return Integer.parseInt(source.awaitLine(Pattern.compile("listening on \\S+:(\\d+) for service "
                + Pattern.quote(serviceId) + "\\b"), LISTEN_TIMEOUT).group(1));
    }
}
