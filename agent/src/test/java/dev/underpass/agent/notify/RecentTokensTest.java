package dev.underpass.agent.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecentTokensTest {

    @Test
    void aTokenSeenBeforeIsADuplicateUntilNewerOnesPushItOut() {
        RecentTokens recent = new RecentTokens(2);
        assertThat(recent.add(notification("a"))).isTrue();
        assertThat(recent.add(notification("a"))).isFalse();
        assertThat(recent.add(notification("b"))).isTrue();
        assertThat(recent.add(notification("c"))).isTrue();
        assertThat(recent.size()).isEqualTo(2);
        assertThat(recent.add(notification("a"))).isTrue(); // forgotten: the bound holds
    }

    private static Notification notification(String token) {
        return new Notification(token, null, List.of("ssh"));
    }
}
