package dev.underpass.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files one run of bench/run.sh leaves in its work directory, read back for the {@link Report}: rows of the
 * side-by-side comparison ({@code results.tsv}), and {@code key<TAB>value} files for everything else. A missing
 * file reads as empty, so a run that skipped a part still gets a report that says so.
 */
final class Results {
    private final Map<String, Map<String, List<Double>>> rounds = new LinkedHashMap<>();

    Results(Path resultsTsv) throws IOException {
        if (!Files.exists(resultsTsv)) {
            return;
        }
        for (String line : Files.readAllLines(resultsTsv)) {
            String[] f = line.split("\t");
            if (f.length != 4 || f[0].equals("round")) {
                continue;
            }
            rounds.computeIfAbsent(f[1], k -> new LinkedHashMap<>())
                    .computeIfAbsent(f[2], k -> new ArrayList<>())
                    .add(Double.parseDouble(f[3]));
        }
    }

    boolean has(String path) {
        return rounds.containsKey(path);
    }

    List<String> paths() {
        return new ArrayList<>(rounds.keySet());
    }

    /** Every round's value of a metric; empty when not measured. */
    List<Double> values(String path, String metric) {
        return rounds.getOrDefault(path, Map.of()).getOrDefault(metric, List.of());
    }

    double median(String path, String metric) {
        return Stats.median(values(path, metric));
    }

    double min(String path, String metric) {
        return values(path, metric).stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    double max(String path, String metric) {
        return values(path, metric).stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /** Metrics of a path whose name starts with {@code prefix}, in the order first seen. */
    List<String> metricsStartingWith(String path, String prefix) {
        return rounds.getOrDefault(path, Map.of()).keySet().stream().filter(m -> m.startsWith(prefix)).toList();
    }

    /** Reads {@code key<TAB>value} lines; later lines win. */
    static Map<String, String> keyValues(Path file) throws IOException {
        Map<String, String> map = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return map;
        }
        for (String line : Files.readAllLines(file)) {
            int tab = line.indexOf('\t');
            if (tab > 0) {
                map.put(line.substring(0, tab), line.substring(tab + 1));
            }
        }
        return map;
    }

    /** Reads tab-separated rows, without the lines starting with '#'. */
    static List<String[]> rows(Path file) throws IOException {
        return rows(file, "\t");
    }

    /** Reads JMH's CSV, whose fields hold no commas; quotes stay on the fields. */
    static List<String[]> csv(Path file) throws IOException {
        return rows(file, ",");
    }

    private static List<String[]> rows(Path file, String separator) throws IOException {
        List<String[]> rows = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    rows.add(line.split(separator));
                }
            }
        }
        return rows;
    }
}
