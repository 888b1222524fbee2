package dev.underpass.server.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Which tunnel and thing an API call concerned, as the audit records it. */
class AuditSubjectsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void openTunnelNamesTheTunnelItReturnsAndTheThingItWasAskedFor() throws Exception {
        JsonNode request = json("{\"destinationConfig\":{\"thingName\":\"pump-7\",\"services\":[\"ssh\"]}}");
        JsonNode response = json("{\"tunnelId\":\"t-1\",\"sourceAccessToken\":\"secret\"}");

        assertThat(AuditSubjects.tunnelId(request, response)).isEqualTo("t-1");
        assertThat(AuditSubjects.thingName(request, response)).isEqualTo("pump-7");
    }

    @Test
    void describeReadsTheTunnelOfTheAnswerAndTagCallsTheTunnelOfTheArn() throws Exception {
        JsonNode described = json("{\"tunnel\":{\"tunnelId\":\"t-2\",\"destinationConfig\":{\"thingName\":\"x\"}}}");
        JsonNode tag = json("{\"resourceArn\":\"arn:aws:iot:us-east-1:000000000000:tunnel/t-3\"}");

        assertThat(AuditSubjects.tunnelId(json("{\"tunnelId\":\"t-2\"}"), described)).isEqualTo("t-2");
        assertThat(AuditSubjects.thingName(json("{}"), described)).isEqualTo("x");
        assertThat(AuditSubjects.tunnelId(tag, null)).isEqualTo("t-3");
    }

    @Test
    void missingOrMistypedMembersNameNothing() throws Exception {
        assertThat(AuditSubjects.tunnelId(null, null)).isNull();
        assertThat(AuditSubjects.tunnelId(json("{\"tunnelId\":5}"), json("[]"))).isNull();
        assertThat(AuditSubjects.thingName(json("{\"destinationConfig\":\"x\"}"), null)).isNull();
    }
}
