package dev.underpass.cli.tunnels;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iotsecuretunneling.model.ConnectionStatus;
import software.amazon.awssdk.services.iotsecuretunneling.model.DescribeTunnelResponse;
import software.amazon.awssdk.services.iotsecuretunneling.model.ListTunnelsResponse;
import software.amazon.awssdk.services.iotsecuretunneling.model.RotateTunnelAccessTokenResponse;
import software.amazon.awssdk.services.iotsecuretunneling.model.TunnelStatus;

class TunnelTablesTest {
    private static final Instant CREATED = Instant.parse("2025-03-04T05:06:07.891Z");

    @Test
    void theListHasOneRowPerTunnelUnderAHeaderAndTheNextToken() {
        ListTunnelsResponse response = ListTunnelsResponse.builder()
                .tunnelSummaries(s -> s.tunnelId("t-1").status(TunnelStatus.OPEN).description("laptop " + "x".repeat(50))
                                .createdAt(CREATED),
                        s -> s.tunnelId("t-22").status(TunnelStatus.CLOSED).createdAt(CREATED))
                .nextToken("page2")
                .build();

        assertThat(TunnelTables.list(response)).isEqualTo("""
                TUNNEL ID | STATUS | DESCRIPTION                              | CREATED
                ----------+--------+------------------------------------------+---------------------
                t-1       | OPEN   | laptop xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx... | 2025-03-04T05:06:07Z
                t-22      | CLOSED | -                                        | 2025-03-04T05:06:07Z
                Next token: page2
                """);
    }

    @Test
    void describeShowsBothConnectionStatesServicesAndLifetime() {
        DescribeTunnelResponse response = DescribeTunnelResponse.builder().tunnel(t -> t
                .tunnelId("t-1").tunnelArn("arn:aws:iot:us-east-1:000000000000:tunnel/t-1")
                .status(TunnelStatus.OPEN)
                .sourceConnectionState(c -> c.status(ConnectionStatus.CONNECTED).lastUpdatedAt(CREATED))
                .destinationConnectionState(c -> c.status(ConnectionStatus.DISCONNECTED))
                .destinationConfig(d -> d.thingName("dev1").services("ssh", "web"))
                .timeoutConfig(c -> c.maxLifetimeTimeoutMinutes(30))
                .tags(tag -> tag.key("team").value("edge"))
                .createdAt(CREATED).lastUpdatedAt(CREATED)).build();

        assertThat(TunnelTables.describe(response)).isEqualTo("""
                Tunnel ID              | t-1
                Tunnel ARN             | arn:aws:iot:us-east-1:000000000000:tunnel/t-1
                Status                 | OPEN
                Description            | -
                Thing name             | dev1
                Services               | ssh, web
                Source connection      | CONNECTED since 2025-03-04T05:06:07Z
                Destination connection | DISCONNECTED
                Max lifetime           | 30 minutes
                Tags                   | team=edge
                Created                | 2025-03-04T05:06:07Z
                Last updated           | 2025-03-04T05:06:07Z
                """);
    }

    @Test
    void rotationShowsOnlyTheTokensReturned() {
        assertThat(TunnelTables.rotated(RotateTunnelAccessTokenResponse.builder().tunnelArn("arn")
                .sourceAccessToken("s").build())).isEqualTo("""
                Tunnel ARN          | arn
                Source access token | s
                """);
    }
}
