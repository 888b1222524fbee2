package dev.underpass.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The local proxies' memory set against the stack's floor ({@link StackFloor}), from the run's {@code floor.tsv}
 * ({@code role, phase, rss_kb, hwm_kb}: phases started, connected, done) and {@code memory-connected.tsv}
 * ({@code process, path, rss_kb, hwm_kb}, the proxies just after they connected). Roles are "source" and
 * "destination".
 */
final class StackFloorMemory {
    private final Map<String, String[]> floor = new HashMap<>();
    private final Map<String, String[]> connected = new HashMap<>();

    StackFloorMemory(Path work) throws IOException {
        for (String[] r : Results.rows(work.resolve("floor.tsv"))) {
            floor.put(r[0] + "/" + r[1], r);
        }
        for (String[] r : Results.rows(work.resolve("memory-connected.tsv"))) {
            connected.put(r[0] + "/" + r[1], r);
        }
    }

    boolean measured() {
        return floor.containsKey("source/done") && floor.containsKey("destination/done");
    }

    /** The floor's peak RSS ({@code VmHWM}) at the end of a phase, kB. */
    OptionalDouble floorKb(String role, String phase) {
        String[] r = floor.get(role + "/" + phase);
        if (r == null) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Double.parseDouble(r[3]));
    }

    /** A proxy's peak RSS ({@code VmHWM}) just after it connected, kB. */
    OptionalDouble connectedKb(String role, String path) {
        String[] r = connected.get(role + " proxy/" + path);
        return r == null ? OptionalDouble.empty() : OptionalDouble.of(Double.parseDouble(r[3]));
    }

    /** A proxy's peak RSS after all rounds, kB, from {@code memory.tsv} rows. */
    static OptionalDouble peakKb(List<String[]> memory, String role, String path) {
        for (String[] m : memory) {
            if (m[0].equals(role + " proxy") && m[1].equals(path)) {
                return OptionalDouble.of(Double.parseDouble(m[2]));
            }
        }
        return OptionalDouble.empty();
    }
}
