package dev.underpass.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iotsecuretunneling.model.CloseTunnelResponse;
import software.amazon.awssdk.services.iotsecuretunneling.model.ConnectionStatus;
import software.amazon.awssdk.services.iotsecuretunneling.model.DescribeTunnelResponse;
import software.amazon.awssdk.services.iotsecuretunneling.model.ListTunnelsResponse;
import software.amazon.awssdk.services.iotsecuretunneling.model.TunnelStatus;

class ModelJsonTest {

    @Test
    void aModelPrintsWithTheApisNamesEpochSecondsAndTheAwsClisIndentation() {
        DescribeTunnelResponse response = DescribeTunnelResponse.builder().tunnel(t -> t
                .tunnelId("t-1")
                .status(TunnelStatus.OPEN)
                .sourceConnectionState(c -> c.status(ConnectionStatus.CONNECTED)
                        .lastUpdatedAt(Instant.ofEpochSecond(1_700_000_000, 250_000_000)))
                .destinationConfig(d -> d.thingName("dev1").services("ssh", "web"))
                .timeoutConfig(c -> c.maxLifetimeTimeoutMinutes(30))
                .createdAt(Instant.ofEpochSecond(1_700_000_000))).build();

        assertThat(ModelJson.write(ModelJson.toJson(response))).isEqualTo("""
                {
                    "tunnel": {
                        "tunnelId": "t-1",
                        "status": "OPEN",
                        "sourceConnectionState": {
                            "status": "CONNECTED",
                            "lastUpdatedAt": 1700000000.25
                        },
                        "destinationConfig": {
                            "thingName": "dev1",
                            "services": [
                                "ssh",
                                "web"
                            ]
                        },
                        "timeoutConfig": {
                            "maxLifetimeTimeoutMinutes": 30
                        },
                        "createdAt": 1700000000
                    }
                }""");
    }

    @Test
    void anUnknownEnumValueFromTheServerIsPrintedAsSent() {
        ListTunnelsResponse response = ListTunnelsResponse.builder()
                .tunnelSummaries(s -> s.tunnelId("t").status("SUSPENDED")).build();

        assertThat(ModelJson.toJson(response).toString())
                .isEqualTo("{\"tunnelSummaries\":[{\"tunnelId\":\"t\",\"status\":\"SUSPENDED\"}]}");
    }

    @Test
    void anEmptyListTheServerSentIsKeptButOneItDidNotSendIsLeftOut() {
        assertThat(ModelJson.toJson(ListTunnelsResponse.builder().build()).toString()).isEqualTo("{}");
        assertThat(ModelJson.toJson(ListTunnelsResponse.builder().tunnelSummaries(java.util.List.of()).build())
                .toString()).isEqualTo("{\"tunnelSummaries\":[]}");
    }

    @Test
    void anEmptyResponsePrintsNothingAsInTheAwsCli() {
        StringWriter out = new StringWriter();
        new ResponsePrinter(OutputFormat.JSON, new PrintWriter(out)).print(CloseTunnelResponse.builder().build(),
                r -> "table");
        new ResponsePrinter(OutputFormat.TABLE, new PrintWriter(out)).print(CloseTunnelResponse.builder().build(),
                r -> "table");

        assertThat(out.toString()).isEmpty();
    }
}
