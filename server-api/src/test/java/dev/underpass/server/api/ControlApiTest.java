package dev.underpass.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.underpass.protocol.Mode;
import dev.underpass.server.store.AccessTokens;
import dev.underpass.server.store.Tunnel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The eight operations against a real (H2) store: results, shapes and events. */
class ControlApiTest extends ControlApiFixture {
    @Test
    void openTunnelReturnsAUuidItsArnAndTwoFreshTokensOfWhichOnlyHashesAreStored() {
        ObjectNode opened = call(Operation.OPEN_TUNNEL, "{'destinationConfig':{'thingName':'pi-1','services':['ssh']}}");

        String id = opened.get("tunnelId").asText();
        assertThat(UUID.fromString(id).toString()).isEqualTo(id);
        assertThat(opened.get("tunnelArn").asText()).isEqualTo("arn:aws:iot:eu-west-1:123456789012:tunnel/" + id);
        String source = opened.get("sourceAccessToken").asText();
        String destination = opened.get("destinationAccessToken").asText();
        assertThat(source).hasSizeGreaterThanOrEqualTo(43).isNotEqualTo(destination).matches("[A-Za-z0-9_-]+");
        assertThat(opened.size()).isEqualTo(4);
        assertThat(store.claimToken(Mode.SOURCE, AccessTokens.hash(source), null, clock.instant()).outcome().name())
                .isEqualTo("CLAIMED");
        assertThat(events.opened).singleElement().satisfies(e -> {
            assertThat(e.tunnel().tunnelId()).isEqualTo(id);
            assertThat(e.destinationToken()).isEqualTo(destination);
        });
    }

    @Test
    void describeTunnelGivesTheFullShapeWithTimestampsInEpochSeconds() {
        String id = open("{'description':'lab pi','tags':[{'key':'team','value':'ops'},{'key':'env','value':''}],"
                + "'destinationConfig':{'thingName':'pi-1','services':['SSH1','VNC']},"
                + "'timeoutConfig':{'maxLifetimeTimeoutMinutes':30}}");

        JsonNode tunnel = call(Operation.DESCRIBE_TUNNEL, "{'tunnelId':'" + id + "'}").get("tunnel");

        assertThat(tunnel.toString()).isEqualTo(("{'tunnelId':'" + id + "',"
                + "'tunnelArn':'arn:aws:iot:eu-west-1:123456789012:tunnel/" + id + "','status':'OPEN',"
                + "'sourceConnectionState':{'status':'DISCONNECTED','lastUpdatedAt':1740830400.123},"
                + "'destinationConnectionState':{'status':'DISCONNECTED','lastUpdatedAt':1740830400.123},"
                + "'description':'lab pi','destinationConfig':{'thingName':'pi-1','services':['SSH1','VNC']},"
                + "'timeoutConfig':{'maxLifetimeTimeoutMinutes':30},"
                + "'tags':[{'key':'team','value':'ops'},{'key':'env','value':''}],"
                + "'createdAt':1740830400.123,'lastUpdatedAt':1740830400.123}").replace('\'', '"'));
    }

    @Test
    void describeLeavesOutWhatTheTunnelDoesNotHaveAndDefaultsTheLifetimeTo720Minutes() {
        String id = open("{}");

        JsonNode tunnel = call(Operation.DESCRIBE_TUNNEL, "{'tunnelId':'" + id + "'}").get("tunnel");

        assertThat(tunnel.has("description")).isFalse();
        assertThat(tunnel.has("destinationConfig")).isFalse();
        assertThat(tunnel.has("tags")).isFalse();
        assertThat(tunnel.at("/timeoutConfig/maxLifetimeTimeoutMinutes").asInt()).isEqualTo(720);
    }

    @Test
    void aTunnelPastItsLifetimeDescribesAsClosed() {
        String id = open("{'timeoutConfig':{'maxLifetimeTimeoutMinutes':1}}");
        clock.advance(Duration.ofSeconds(61));

        assertThat(call(Operation.DESCRIBE_TUNNEL, "{'tunnelId':'" + id + "'}").at("/tunnel/status").asText())
                .isEqualTo("CLOSED");
    }

    @Test
    void listTunnelsGivesSummariesNewestFirstPageByPage() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(open("{'description':'n" + i + "','destinationConfig':{'thingName':'pi-9','services':['ssh']}}"));
            clock.advance(Duration.ofSeconds(1));
        }
        open("{'destinationConfig':{'thingName':'other','services':['ssh']}}");

        ObjectNode first = call(Operation.LIST_TUNNELS, "{'thingName':'pi-9','maxResults':2}");
        ObjectNode second = call(Operation.LIST_TUNNELS,
                "{'thingName':'pi-9','maxResults':2,'nextToken':'" + first.get("nextToken").asText() + "'}");

        assertThat(ids(first)).containsExactly(ids.get(2), ids.get(1));
        assertThat(ids(second)).containsExactly(ids.get(0));
        assertThat(second.has("nextToken")).isFalse();
        JsonNode summary = first.get("tunnelSummaries").get(0);
        assertThat(summary.fieldNames()).toIterable()
                .containsExactly("tunnelId", "tunnelArn", "status", "description", "createdAt", "lastUpdatedAt");
        assertThat(summary.get("createdAt").isNumber()).isTrue();
        assertThat(ids(call(Operation.LIST_TUNNELS, "{}"))).hasSize(4);
    }

    @Test
    void aNextTokenThisServerDidNotIssueIsAValidationException() {
        assertThatThrownBy(() -> call(Operation.LIST_TUNNELS, "{'nextToken':'bm90LWEtdG9rZW4'}"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.type()).isEqualTo(ErrorType.VALIDATION);
                    assertThat(e.getMessage()).contains("at 'nextToken'");
                });
    }

    @Test
    void closeTunnelClosesItAndClosingAgainStillSucceeds() {
        String id = open("{}");
        clock.advance(Duration.ofMinutes(5));

        assertThat(call(Operation.CLOSE_TUNNEL, "{'tunnelId':'" + id + "'}").size()).isZero();
        assertThat(call(Operation.CLOSE_TUNNEL, "{'tunnelId':'" + id + "'}").size()).isZero();

        JsonNode tunnel = call(Operation.DESCRIBE_TUNNEL, "{'tunnelId':'" + id + "'}").get("tunnel");
        assertThat(tunnel.get("status").asText()).isEqualTo("CLOSED");
        assertThat(tunnel.get("lastUpdatedAt").decimalValue()).isEqualByComparingTo("1740830700.123");
        assertThat(events.closed).containsExactly(id, id);
    }

    @Test
    void closeTunnelWithDeletePurgesItAtOnce() {
        String id = open("{}");

        call(Operation.CLOSE_TUNNEL, "{'tunnelId':'" + id + "','delete':true}");

        assertNotFound(() -> call(Operation.DESCRIBE_TUNNEL, "{'tunnelId':'" + id + "'}"));
        assertThat(events.closed).containsExactly(id);
    }

    @Test
    void anUnknownTunnelIdIsResourceNotFoundForEveryOperationTakingOne() {
        String unknown = UUID.randomUUID().toString();
        assertNotFound(() -> call(Operation.DESCRIBE_TUNNEL, "{'tunnelId':'" + unknown + "'}"));
        assertNotFound(() -> call(Operation.CLOSE_TUNNEL, "{'tunnelId':'" + unknown + "'}"));
        assertNotFound(() -> call(Operation.CLOSE_TUNNEL, "{'tunnelId':'" + unknown + "','delete':true}"));
        assertNotFound(() -> call(Operation.ROTATE_TUNNEL_ACCESS_TOKEN,
                "{'tunnelId':'" + unknown + "','clientMode':'ALL'}"));
        String arn = SETTINGS.tunnelArn(unknown);
        assertNotFound(() -> call(Operation.LIST_TAGS_FOR_RESOURCE, "{'resourceArn':'" + arn + "'}"));
        assertNotFound(() -> call(Operation.TAG_RESOURCE,
                "{'resourceArn':'" + arn + "','tags':[{'key':'k','value':'v'}]}"));
        assertNotFound(() -> call(Operation.UNTAG_RESOURCE, "{'resourceArn':'" + arn + "','tagKeys':['k']}"));
        assertThat(events.closed).isEmpty();
    }

    @Test
    void openingMoreThanTheConfiguredNumberOfOpenTunnelsIsLimitExceeded() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < SETTINGS.maxOpenTunnels(); i++) {
            ids.add(open("{}"));
        }

        assertThatThrownBy(() -> open("{}")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.type()).isEqualTo(ErrorType.LIMIT_EXCEEDED));
        call(Operation.CLOSE_TUNNEL, "{'tunnelId':'" + ids.get(0) + "'}");
        open("{}");
    }

    @Test
    void aFailingEventListenerDoesNotFailTheStoredChange() {
        TunnelEvents throwing = new TunnelEvents() {
            @Override
            public void tunnelOpened(Tunnel tunnel, String destinationAccessToken) {
                throw new IllegalStateException("listener broke");
            }

            @Override
            public void tokensRotated(Tunnel tunnel, Set<Mode> sides, String newDestinationTokenOrNull) {
            }

            @Override
            public void tunnelClosed(String tunnelId) {
            }
        };
        ControlApi withBrokenListener = new ControlApi(store, SETTINGS, clock, throwing);

        String id = withBrokenListener.invoke(Operation.OPEN_TUNNEL, json("{}")).get("tunnelId").asText();

        assertThat(store.find(id)).isPresent();
    }

}
