package dev.underpass.agent.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {

    @Test
    void eachDelayLiesBetweenHalfAndAllOfTheDoublingCappedStep() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30),
                new SplittableRandom(7));
        long[] caps = {1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000};
        for (int attempt = 0; attempt < caps.length; attempt++) {
            for (int i = 0; i < 50; i++) {
                assertThat(backoff.delay(attempt).toMillis()).isBetween(caps[attempt] / 2, caps[attempt]);
            }
        }
        assertThat(backoff.delay(Integer.MAX_VALUE).toMillis()).isBetween(15_000L, 30_000L);
    }
}
