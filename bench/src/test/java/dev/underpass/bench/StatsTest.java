package dev.underpass.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void percentilesAreNearestRankOnSortedValues() {
        long[] sorted = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};

        assertThat(Stats.percentile(sorted, 50)).isEqualTo(50);
        assertThat(Stats.percentile(sorted, 99)).isEqualTo(100);
        assertThat(Stats.percentile(sorted, 1)).isEqualTo(10);
        assertThat(Stats.percentile(new long[0], 50)).isNaN();
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwoAndIgnoresMissingValues() {
        assertThat(Stats.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(Stats.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
        assertThat(Stats.median(List.of(Double.NaN, 7.0))).isEqualTo(7.0);
        assertThat(Stats.median(List.of())).isNaN();
    }
}
