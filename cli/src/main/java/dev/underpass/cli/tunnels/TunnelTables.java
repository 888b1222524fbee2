package dev.underpass.cli.tunnels;

import dev.underpass.cli.output.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.iotsecuretunneling.model.ConnectionState;
import software.amazon.awssdk.services.iotsecuretunneling.model.DescribeTunnelResponse;
import software.amazon.awssdk.services.iotsecuretunneling.model.ListTunnelsResponse;
import software.amazon.awssdk.services.iotsecuretunneling.model.OpenTunnelResponse;
import software.amazon.awssdk.services.iotsecuretunneling.model.RotateTunnelAccessTokenResponse;
import software.amazon.awssdk.services.iotsecuretunneling.model.Tunnel;
import software.amazon.awssdk.services.iotsecuretunneling.model.TunnelSummary;

/** {@code --output table} of the tunnel commands; times in UTC, ISO 8601, to the second. */
final class TunnelTables {
    /** Descriptions may be 2048 characters; the list shows their start, describe shows them whole. */
    static final int LIST_DESCRIPTION_WIDTH = 40;
    private TunnelTables() {
    }

    static String list(ListTunnelsResponse response) {
        Table table = Table.withColumns("TUNNEL ID", "STATUS", "DESCRIPTION", "CREATED");
        for (TunnelSummary t : response.tunnelSummaries()) {
            table.row(t.tunnelId(), t.statusAsString(), Table.abbreviate(t.description(), LIST_DESCRIPTION_WIDTH),
                    time(t.createdAt()));
        }
        return table.render() + (response.nextToken() == null ? "" : "Next token: " + response.nextToken() + "\n");
    }

    static String describe(DescribeTunnelResponse response) {
        Tunnel t = response.tunnel();
        Table table = Table.keyValue()
                .row("Tunnel ID", t.tunnelId())
                .row("Tunnel ARN", t.tunnelArn())
                .row("Status", t.statusAsString())
                .row("Description", t.description())
                .row("Thing name", t.destinationConfig() == null ? null : t.destinationConfig().thingName())
                .row("Services", t.destinationConfig() == null ? null
                        : String.join(", ", t.destinationConfig().services()))
                .row("Source connection", connection(t.sourceConnectionState()))
                .row("Destination connection", connection(t.destinationConnectionState()))
                .row("Max lifetime", t.timeoutConfig() == null || t.timeoutConfig().maxLifetimeTimeoutMinutes() == null
                        ? null : t.timeoutConfig().maxLifetimeTimeoutMinutes() + " minutes")
                .row("Tags", t.tags().stream().map(tag -> tag.key() + "=" + tag.value())
                        .collect(Collectors.joining(", ")))
                .row("Created", time(t.createdAt()))
                .row("Last updated", time(t.lastUpdatedAt()));
        return table.render();
    }

    static String opened(OpenTunnelResponse response) {
        return Table.keyValue()
                .row("Tunnel ID", response.tunnelId())
                .row("Tunnel ARN", response.tunnelArn())
                .row("Source access token", response.sourceAccessToken())
                .row("Destination access token", response.destinationAccessToken())
                .render();
    }

    static String rotated(RotateTunnelAccessTokenResponse response) {
        Table table = Table.keyValue().row("Tunnel ARN", response.tunnelArn());
        if (response.sourceAccessToken() != null) {
            table.row("Source access token", response.sourceAccessToken());
        }
        if (response.destinationAccessToken() != null) {
            table.row("Destination access token", response.destinationAccessToken());
        }
        return table.render();
    }

    private static String connection(ConnectionState state) {
        if (state == null) {
            return null;
        }
        return state.statusAsString() + (state.lastUpdatedAt() == null ? "" : " since " + time(state.lastUpdatedAt()));
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
