package dev.underpass.cli.tunnels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.underpass.cli.CliContext;
import dev.underpass.cli.ExitCodes;
import dev.underpass.cli.client.PathSegments;
import dev.underpass.cli.output.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tunnels audit ID}: ListTunnelAudit ({@code GET /tunnels/ID/audit}), the tunnel's history, oldest first. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Shows a tunnel's audit trail (ListTunnelAudit): every API call that named it, with who, from"
                + " where and the outcome, and every event: sides connecting and disconnecting (with bytes per"
                + " direction), token rotations, close, expiry.")
final class AuditTunnelCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "TUNNEL_ID", description = "The tunnel's id.")
    private String positional;

    @Option(names = "--tunnel-id", paramLabel = "ID", description = "The tunnel's id (instead of TUNNEL_ID).")
    private String option;

    @Option(names = "--max-results", paramLabel = "N", description = "Entries per page, 1-1000 (default: 100).")
    private Integer maxResults;

    @Option(names = "--next-token", paramLabel = "TOKEN", description = "The nextToken of the previous page.")
    private String nextToken;

    @Override
    public Integer call() {
        if ((positional == null) == (option == null)) {
            throw new ParameterException(spec.commandLine(), "Name the tunnel once: as TUNNEL_ID or with --tunnel-id");
        }
        String id = positional != null ? positional : option;
        List<String> query = new ArrayList<>();
        if (maxResults != null) {
            query.add("maxResults=" + maxResults);
        }
        if (nextToken != null) {
            query.add("nextToken=" + PathSegments.encode(nextToken));
        }
        String path = "/tunnels/" + PathSegments.encode(id) + "/audit"
                + (query.isEmpty() ? "" : "?" + String.join("&", query));
        CliContext ctx = CliContext.of(spec);
        ObjectNode response = (ObjectNode) ctx.rest("ListTunnelAudit", "GET", path, null);
        ctx.printer().print(response, AuditTunnelCommand::table);
        return ExitCodes.OK;
    }

    static String table(ObjectNode response) {
        Table table = Table.withColumns("TIME", "ACTION", "OUTCOME", "WHO", "SIDE", "FROM", "BYTES S>D", "BYTES D>S",
                "DETAIL");
        for (JsonNode e : response.path("events")) {
            String who = text(e, "accessKeyId");
            if (who != null && text(e, "keyName") != null) {
                who += " (" + text(e, "keyName") + ")";
            }
            table.row(time(e.get("at")), text(e, "action"), text(e, "outcome"), who, text(e, "side"),
                    text(e, "remoteAddress"), text(e, "bytesSourceToDestination"),
                    text(e, "bytesDestinationToSource"), text(e, "detail"));
        }
        String next = text(response, "nextToken");
        return table.render() + (next == null ? "" : "Next token: " + next + "\n");
    }

    private static String text(JsonNode node, String member) {
        JsonNode value = node.get(member);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String time(JsonNode at) {
        return at == null || !at.isNumber() ? null : Instant.ofEpochSecond(at.decimalValue().longValue()).toString();
    }
}
