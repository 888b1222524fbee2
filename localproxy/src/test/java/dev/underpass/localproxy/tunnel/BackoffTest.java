package dev.underpass.localproxy.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BackoffTest {
    /** Always draws the top of the range, so the ceilings show. */
    private static final RandomGenerator TOP = new RandomGenerator() {
        @Override
        public long nextLong() {
            return 0;
        }

        @Override
        public long nextLong(long bound) {
            return bound - 1;
        }
    };

    @Test
    void delaysDoubleUpToTheCapAndStartOverAfterAReset() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), TOP);
        long[] delays = new long[8];
        for (int i = 0; i < delays.length; i++) {
            delays[i] = b.nextDelayMillis();
        }
        assertThat(delays).containsExactly(1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000);
        b.reset();
        assertThat(b.nextDelayMillis()).isEqualTo(1000);
    }

    @Test
    void fullJitterDrawsBetweenZeroAndTheCeiling() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), RandomGenerator.getDefault());
        for (int i = 0; i < 200; i++) {
            assertThat(b.nextDelayMillis()).isBetween(0L, 1000L);
        }
    }
}
