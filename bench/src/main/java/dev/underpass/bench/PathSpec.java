package dev.underpass.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One path under test, from {@code NAME=PORT[@LABEL:PID,LABEL:PID...]}: the port the load tool connects to and the
 * processes that carry the bytes (each counted with its descendants, so an sshd counts with its session children).
 */
record PathSpec(String name, int port, Map<String, Long> processes) {

    static PathSpec parse(String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("path '" + spec + "' is not NAME=PORT[@LABEL:PID,...]");
        }
        String name = spec.substring(0, eq);
        String rest = spec.substring(eq + 1);
        int at = rest.indexOf('@');
        int port = Integer.parseInt(at < 0 ? rest : rest.substring(0, at));
        Map<String, Long> processes = new LinkedHashMap<>();
        if (at >= 0) {
            for (String p : rest.substring(at + 1).split(",")) {
                String[] lp = p.split(":");
                if (lp.length != 2) {
                    throw new IllegalArgumentException("process '" + p + "' of path " + name + " is not LABEL:PID");
                }
                processes.put(lp[0], Long.parseLong(lp[1]));
            }
        }
        return new PathSpec(name, port, processes);
    }

    /** Counters of every process of the path (with descendants), per label. */
    Map<String, Map<Long, ProcStats.Counters>> snapshot() {
        Map<String, Map<Long, ProcStats.Counters>> s = new LinkedHashMap<>();
        processes.forEach((label, pid) -> s.put(label, ProcStats.tree(pid)));
        return s;
    }

    /**
     * What each label's processes did between two snapshots. A process born in between counts from zero; one that
     * ended in between is lost (none should: every process of a path lives for the whole run).
     */
    static Map<String, ProcStats.Counters> delta(Map<String, Map<Long, ProcStats.Counters>> before,
            Map<String, Map<Long, ProcStats.Counters>> after) {
        Map<String, ProcStats.Counters> deltas = new LinkedHashMap<>();
        after.forEach((label, now) -> {
            Map<Long, ProcStats.Counters> was = before.getOrDefault(label, Map.of());
            ProcStats.Counters sum = ProcStats.ZERO;
            for (var e : now.entrySet()) {
                sum = sum.plus(e.getValue().minus(was.getOrDefault(e.getKey(), ProcStats.ZERO)));
            }
            deltas.put(label, sum);
        });
        return deltas;
    }

    static List<PathSpec> parseAll(List<String> specs) {
        List<PathSpec> paths = new ArrayList<>();
        specs.forEach(s -> paths.add(parse(s)));
        return paths;
    }
}
