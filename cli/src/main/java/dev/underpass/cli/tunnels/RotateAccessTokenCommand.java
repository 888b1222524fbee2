package dev.underpass.cli.tunnels;

import dev.underpass.cli.CliContext;
import dev.underpass.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.iotsecuretunneling.model.DestinationConfig;
import software.amazon.awssdk.services.iotsecuretunneling.model.RotateTunnelAccessTokenResponse;

/** {@code tunnels rotate}: RotateTunnelAccessToken. */
@Command(name = "rotate", mixinStandardHelpOptions = true,
        description = {"Revokes a tunnel's access token(s) and prints new ones (RotateTunnelAccessToken).",
                "Connections that used a revoked token are dropped. With DESTINATION or ALL and a "
                        + "--destination-config, the thing is notified of its new token."})
final class RotateAccessTokenCommand implements Callable<Integer> {
    /** The API's client modes, without the SDK's UNKNOWN_TO_SDK_VERSION. */
    enum ClientMode { SOURCE, DESTINATION, ALL }

    @Spec
    private CommandSpec spec;

    @Option(names = "--tunnel-id", required = true, paramLabel = "ID", description = "The tunnel's id.")
    private String tunnelId;

    @Option(names = "--client-mode", required = true, paramLabel = "MODE",
            description = "Whose token to rotate: ${COMPLETION-CANDIDATES}.")
    private ClientMode clientMode;

    @Option(names = "--destination-config", paramLabel = "thingName=T,services=S1,S2",
            converter = TunnelShapes.DestinationConfigConverter.class,
            description = "Not with SOURCE: the thing to notify of the new destination token; shorthand or JSON.")
    private DestinationConfig destinationConfig;

    @Override
    public Integer call() {
        CliContext ctx = CliContext.of(spec);
        RotateTunnelAccessTokenResponse response = ctx.call("RotateTunnelAccessToken",
                c -> c.rotateTunnelAccessToken(r -> r.tunnelId(tunnelId).clientMode(clientMode.name())
                        .destinationConfig(destinationConfig)));
        ctx.printer().print(response, TunnelTables::rotated);
        return ExitCodes.OK;
    }
}
