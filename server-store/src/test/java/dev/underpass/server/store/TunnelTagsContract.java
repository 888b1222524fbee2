package dev.underpass.server.store;

import static dev.underpass.server.store.TestTunnels.SSH_ON_THING_1;
import static dev.underpass.server.store.TestTunnels.T0;
import static dev.underpass.server.store.TestTunnels.issue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** TagResource and UntagResource: insertion order, overwrites in place, missing tunnels. */
interface TunnelTagsContract extends StoreFixture {

    @Test
    default void addedTagsFollowTheTagsGivenAtCreationInOrder() {
        issue("t-1", T0, SSH_ON_THING_1, 60, ordered("z", "1", "a", "2")).createIn(store());

        Tunnel tagged = store().addTags("t-1", ordered("m", "3", "b", "4")).orElseThrow();

        assertThat(tagged.tags()).containsExactly(Map.entry("z", "1"), Map.entry("a", "2"), Map.entry("m", "3"),
                Map.entry("b", "4"));
        assertThat(store().find("t-1").orElseThrow().tags()).isEqualTo(tagged.tags());
    }

    @Test
    default void overwritingATagChangesItsValueAndKeepsItsPlace() {
        issue("t-1", T0, SSH_ON_THING_1, 60, ordered("a", "1", "b", "2")).createIn(store());

        Tunnel tagged = store().addTags("t-1", ordered("c", "3", "a", "changed")).orElseThrow();

        assertThat(tagged.tags()).containsExactly(Map.entry("a", "changed"), Map.entry("b", "2"),
                Map.entry("c", "3"));
        assertThat(tagged.lastUpdatedAt()).isEqualTo(T0);
    }

    @Test
    default void removingTagsIgnoresKeysThatAreNotThere() {
        issue("t-1", T0, SSH_ON_THING_1, 60, ordered("a", "1", "b", "2", "c", "3")).createIn(store());

        Tunnel untagged = store().removeTags("t-1", List.of("b", "nope")).orElseThrow();

        assertThat(untagged.tags()).containsExactly(Map.entry("a", "1"), Map.entry("c", "3"));
        assertThat(store().addTags("t-1", ordered("b", "again")).orElseThrow().tags())
                .containsExactly(Map.entry("a", "1"), Map.entry("c", "3"), Map.entry("b", "again"));
    }

    @Test
    default void closedTunnelsCanStillBeTagged() {
        issue("t-1", T0).createIn(store());
        store().close("t-1", T0.plusSeconds(1));

        assertThat(store().addTags("t-1", Map.of("k", "v")).orElseThrow().tags()).containsExactly(Map.entry("k", "v"));
    }

    @Test
    default void taggingAMissingTunnelFindsNothing() {
        assertThat(store().addTags("missing", Map.of("k", "v"))).isEmpty();
        assertThat(store().removeTags("missing", List.of("k"))).isEmpty();
    }

    @Test
    default void tagsOfAReturnedTunnelCannotBeModified() {
        Tunnel tunnel = issue("t-1", T0, SSH_ON_THING_1, 60, ordered("a", "1")).createIn(store());

        assertThatThrownBy(() -> tunnel.tags().put("b", "2")).isInstanceOf(UnsupportedOperationException.class);
    }

    private static Map<String, String> ordered(String... keysAndValues) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            tags.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return tags;
    }
}
