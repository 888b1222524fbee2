package dev.underpass.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.underpass.protocol.Mode;
import dev.underpass.server.store.AccessTokens;
import dev.underpass.server.store.Tunnel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Token rotation and tagging against a real (H2) store. */
class RotationAndTaggingTest extends ControlApiFixture {
    @Test
    void rotatingTheSourceReturnsOnlyANewSourceTokenAndRevokesTheOldOne() {
        ObjectNode opened = call(Operation.OPEN_TUNNEL, "{}");
        String id = opened.get("tunnelId").asText();
        clock.advance(Duration.ofMinutes(1));

        ObjectNode rotated = call(Operation.ROTATE_TUNNEL_ACCESS_TOKEN, "{'tunnelId':'" + id + "','clientMode':'SOURCE'}");

        assertThat(rotated.fieldNames()).toIterable().containsExactly("tunnelArn", "sourceAccessToken");
        assertThat(rotated.get("tunnelArn").asText()).isEqualTo(opened.get("tunnelArn").asText());
        String newToken = rotated.get("sourceAccessToken").asText();
        assertThat(newToken).isNotEqualTo(opened.get("sourceAccessToken").asText());
        Instant now = clock.instant();
        assertThat(store.claimToken(Mode.SOURCE, AccessTokens.hash(opened.get("sourceAccessToken").asText()), null, now)
                .outcome().name()).isEqualTo("UNKNOWN_TOKEN");
        assertThat(store.claimToken(Mode.SOURCE, AccessTokens.hash(newToken), null, now).outcome().name())
                .isEqualTo("CLAIMED");
        assertThat(events.rotated).singleElement().satisfies(e -> {
            assertThat(e.sides()).containsExactly(Mode.SOURCE);
            assertThat(e.destinationToken()).isNull();
        });
    }

    @Test
    void rotatingAllReturnsBothTokensAndKeepsTheLifetime() {
        String id = open("{'timeoutConfig':{'maxLifetimeTimeoutMinutes':10}}");
        Instant expiresAt = store.find(id).orElseThrow().expiresAt();
        clock.advance(Duration.ofMinutes(2));

        ObjectNode rotated = call(Operation.ROTATE_TUNNEL_ACCESS_TOKEN, "{'tunnelId':'" + id + "','clientMode':'ALL'}");

        assertThat(rotated.fieldNames()).toIterable()
                .containsExactly("tunnelArn", "sourceAccessToken", "destinationAccessToken");
        Tunnel after = store.find(id).orElseThrow();
        assertThat(after.expiresAt()).isEqualTo(expiresAt);
        assertThat(after.lastUpdatedAt()).isEqualTo(clock.instant());
        assertThat(events.rotated).singleElement().satisfies(e -> {
            assertThat(e.sides()).containsExactlyInAnyOrder(Mode.SOURCE, Mode.DESTINATION);
            assertThat(e.destinationToken()).as("no destinationConfig: nothing to publish").isNull();
        });
    }

    @Test
    void rotatingTheDestinationWithADestinationConfigReplacesItAndHandsOverTheTokenToPublish() {
        String id = open("{'destinationConfig':{'thingName':'pi-1','services':['ssh']}}");

        ObjectNode rotated = call(Operation.ROTATE_TUNNEL_ACCESS_TOKEN, "{'tunnelId':'" + id
                + "','clientMode':'DESTINATION','destinationConfig':{'thingName':'pi-2','services':['vnc','ssh']}}");

        assertThat(rotated.fieldNames()).toIterable().containsExactly("tunnelArn", "destinationAccessToken");
        assertThat(events.rotated).singleElement().satisfies(e -> {
            assertThat(e.sides()).containsExactly(Mode.DESTINATION);
            assertThat(e.destinationToken()).isEqualTo(rotated.get("destinationAccessToken").asText());
            assertThat(e.tunnel().destinationConfig().thingName()).isEqualTo("pi-2");
            assertThat(e.tunnel().destinationConfig().services()).containsExactly("vnc", "ssh");
        });
    }

    @Test
    void aClosedOrExpiredTunnelsTokensCannotBeRotated() {
        String closed = open("{}");
        call(Operation.CLOSE_TUNNEL, "{'tunnelId':'" + closed + "'}");
        String expiring = open("{'timeoutConfig':{'maxLifetimeTimeoutMinutes':1}}");
        clock.advance(Duration.ofMinutes(1));

        for (String id : List.of(closed, expiring)) {
            assertThatThrownBy(() -> call(Operation.ROTATE_TUNNEL_ACCESS_TOKEN,
                    "{'tunnelId':'" + id + "','clientMode':'SOURCE'}"))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.type()).isEqualTo(ErrorType.RESOURCE_NOT_FOUND);
                        assertThat(e.getMessage()).contains("closed or expired");
                    });
        }
        assertThat(events.rotated).isEmpty();
    }

    @Test
    void tagsAreAddedOverwrittenListedAndRemovedByArn() {
        String arn = call(Operation.OPEN_TUNNEL, "{'tags':[{'key':'a','value':'1'}]}").get("tunnelArn").asText();

        call(Operation.TAG_RESOURCE, "{'resourceArn':'" + arn + "','tags':[{'key':'b','value':'2'},{'key':'a','value':'3'}]}");
        assertThat(call(Operation.LIST_TAGS_FOR_RESOURCE, "{'resourceArn':'" + arn + "'}").toString())
                .isEqualTo(json("{'tags':[{'key':'a','value':'3'},{'key':'b','value':'2'}]}").toString());

        call(Operation.UNTAG_RESOURCE, "{'resourceArn':'" + arn + "','tagKeys':['a','absent']}");
        assertThat(call(Operation.LIST_TAGS_FOR_RESOURCE, "{'resourceArn':'" + arn + "'}").toString())
                .isEqualTo(json("{'tags':[{'key':'b','value':'2'}]}").toString());

        call(Operation.UNTAG_RESOURCE, "{'resourceArn':'" + arn + "','tagKeys':['b']}");
        assertThat(call(Operation.LIST_TAGS_FOR_RESOURCE, "{'resourceArn':'" + arn + "'}").toString())
                .isEqualTo("{\"tags\":[]}");
    }

    @Test
    void aTunnelCannotBeTaggedBeyondTwoHundredTags() {
        String arn = call(Operation.OPEN_TUNNEL, "{'tags':" + tags("a", 150) + "}").get("tunnelArn").asText();

        assertThatThrownBy(() -> call(Operation.TAG_RESOURCE, "{'resourceArn':'" + arn + "','tags':" + tags("b", 51) + "}"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.type()).isEqualTo(ErrorType.LIMIT_EXCEEDED);
                    assertThat(e.getMessage()).contains("150 tags").contains("201");
                });
        call(Operation.TAG_RESOURCE, "{'resourceArn':'" + arn + "','tags':" + tags("b", 50) + "}");
    }
}
