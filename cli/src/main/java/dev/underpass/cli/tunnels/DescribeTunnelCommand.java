package dev.underpass.cli.tunnels;

import dev.underpass.cli.CliContext;
import dev.underpass.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.iotsecuretunneling.model.DescribeTunnelResponse;

/** {@code tunnels describe}: DescribeTunnel. */
@Command(name = "describe", mixinStandardHelpOptions = true,
        description = "Shows a tunnel (DescribeTunnel): status, both sides' connection states, services, lifetime.")
final class DescribeTunnelCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--tunnel-id", required = true, paramLabel = "ID", description = "The tunnel's id.")
    private String tunnelId;

    @Override
    public Integer call() {
        CliContext ctx = CliContext.of(spec);
        DescribeTunnelResponse response = ctx.call("DescribeTunnel",
                c -> c.describeTunnel(r -> r.tunnelId(tunnelId)));
        ctx.printer().print(response, TunnelTables::describe);
        return ExitCodes.OK;
    }
}
