package dev.underpass.agent.exec;

import dev.underpass.agent.tunnels.RunningTunnel;
import dev.underpass.agent.tunnels.TunnelLauncher;
import dev.underpass.agent.tunnels.TunnelRequest;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Runs an external local proxy per tunnel, such as AWS's {@code localproxy}: the pattern of hand-written agents,
 * for devices that must run a particular build. The command line is AWS's
 * {@code -e HOST:PORT -c CA_FILE -d SERVICE=HOST:PORT[,...]}; the token goes in {@value #TOKEN_VARIABLE} only,
 * because a command line is visible to every user of the device ({@code ps}, {@code /proc/PID/cmdline}). Output goes
 * to the agent's own stdout and stderr; stdin is empty.
 */
public final class ExecLauncher implements TunnelLauncher {
    /** Where AWS's localproxy (and Underpass's) reads the access token from. */
    public static final String TOKEN_VARIABLE = "AWSIOT_TUNNEL_ACCESS_TOKEN";
    /** Inherited values of these would override the per-tunnel settings (and a shared client token breaks). */
    static final List<String> CLEARED_VARIABLES = List.of("AWSIOT_TUNNEL_CLIENT_TOKEN", "AWSIOT_TUNNEL_ENDPOINT",
            "AWSIOT_TUNNEL_REGION");
    private static final File NO_INPUT = new File("/dev/null");

    private final Path command;

    public ExecLauncher(Path command) {
        this.command = command;
    }

    @Override
    public RunningTunnel launch(TunnelRequest request) {
        ProcessBuilder builder = new ProcessBuilder(arguments(request))
                .redirectInput(ProcessBuilder.Redirect.from(NO_INPUT))
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        Map<String, String> env = builder.environment();
        CLEARED_VARIABLES.forEach(env::remove);
        env.put(TOKEN_VARIABLE, request.accessToken());
        try {
            return new ProcessTunnel(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command + ": " + e.getMessage(), e);
        }
    }

    /** The command line: never the token. */
    List<String> arguments(TunnelRequest request) {
        List<String> args = new ArrayList<>();
        args.add(command.toString());
        args.add("-e");
        args.add(request.endpoint().tls() ? request.endpoint().address().toString() : request.endpoint().toString());
        args.add("-c");
        args.add(request.caFile().toString());
        args.add("-d");
        StringJoiner destinations = new StringJoiner(",");
        request.destinations().forEach((service, address) -> destinations.add(service + "=" + address));
        args.add(destinations.toString());
        return args;
    }

    @Override
    public String describe() {
        return "destination proxies run as " + command;
    }
}
