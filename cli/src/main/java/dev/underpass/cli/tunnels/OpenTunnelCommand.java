package dev.underpass.cli.tunnels;

import dev.underpass.cli.CliContext;
import dev.underpass.cli.ExitCodes;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.iotsecuretunneling.model.DestinationConfig;
import software.amazon.awssdk.services.iotsecuretunneling.model.OpenTunnelRequest;
import software.amazon.awssdk.services.iotsecuretunneling.model.OpenTunnelResponse;
import software.amazon.awssdk.services.iotsecuretunneling.model.TimeoutConfig;

/** {@code tunnels open}: OpenTunnel, and with {@code --connect} the source local proxy too. */
@Command(name = "open", mixinStandardHelpOptions = true,
        description = {"Opens a tunnel (OpenTunnel) and prints its id, ARN and both access tokens.",
                "With --connect, also runs the source local proxy on the given local port(s) until the tunnel "
                        + "is closed or Ctrl-C; one line per listening port goes to stderr."},
        footer = {"%nExamples:",
                "  underpass tunnels open --destination-config thingName=dev1,services=ssh",
                "  underpass tunnels open --destination-config thingName=dev1,services=ssh \\",
                "      --timeout-config maxLifetimeTimeoutMinutes=30 --connect 10022",
                "  underpass tunnels open --connect ssh=10022,web=8080 \\",
                "      --destination-config '{\"thingName\":\"dev1\",\"services\":[\"ssh\",\"web\"]}'"})
final class OpenTunnelCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--description", paramLabel = "TEXT", description = "A short text description of the tunnel.")
    private String description;

    @Option(names = "--tags", arity = "1..*", paramLabel = "Key=k,Value=v", converter = TunnelShapes.TagsConverter.class,
            description = "Tags: one Key=k,Value=v per argument, or a JSON list [{\"key\":\"k\",\"value\":\"v\"}].")
    private List<TunnelShapes.TagList> tags;

    @Option(names = "--destination-config", paramLabel = "thingName=T,services=S1,S2",
            converter = TunnelShapes.DestinationConfigConverter.class,
            description = "The thing to notify and the tunnel's services; shorthand or JSON.")
    private DestinationConfig destinationConfig;

    @Option(names = "--timeout-config", paramLabel = "maxLifetimeTimeoutMinutes=N",
            converter = TunnelShapes.TimeoutConfigConverter.class,
            description = "Lifetime in minutes (1-720, default 720); shorthand or JSON.")
    private TimeoutConfig timeoutConfig;

    @Option(names = "--connect", paramLabel = "PORT|SERVICE=PORT,...", converter = ConnectPorts.Converter.class,
            description = "Also run the source local proxy, listening on this port (0: any free port), or on a "
                    + "port per service (ssh=10022,web=8080).")
    private ConnectPorts connect;

    @Override
    public Integer call() {
        List<String> services = destinationConfig == null ? List.of() : destinationConfig.services();
        if (connect != null && !connect.problems(services).isEmpty()) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--connect': "
                    + String.join("; ", connect.problems(services)) + ". Example: " + ConnectPorts.EXAMPLE);
        }
        OpenTunnelRequest.Builder request = OpenTunnelRequest.builder()
                .description(description)
                .destinationConfig(destinationConfig)
                .timeoutConfig(timeoutConfig);
        if (tags != null) {
            request.tags(tags.stream().flatMap(t -> t.tags().stream()).toList());
        }
        CliContext ctx = CliContext.of(spec);
        OpenTunnelResponse opened = ctx.call("OpenTunnel", c -> c.openTunnel(request.build()));
        ctx.printer().print(opened, TunnelTables::opened);
        if (connect == null) {
            return ExitCodes.OK;
        }
        return new SourceProxyRunner(ctx.settings(), ctx.err())
                .run(opened.tunnelId(), opened.sourceAccessToken(), connect, services);
    }
}
