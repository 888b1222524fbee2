package dev.underpass.bench;

import java.util.Arrays;
import java.util.List;

/** Percentiles and medians as the report uses them. */
final class Stats {
    private Stats() {
    }

    /** Nearest-rank percentile of sorted values; NaN when there are none. */
    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.min(Math.max(rank, 1), sorted.length) - 1];
    }

    /** The median; the mean of the middle two for an even count; NaN when there are none. */
    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(v);
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }
}
