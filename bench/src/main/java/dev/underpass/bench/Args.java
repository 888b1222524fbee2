package dev.underpass.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --name value} options of the bench tools; an option may repeat ({@link #all}). Every option a command
 * reads must be known to it: {@link #rejectUnknown} names the rest, so a typo fails instead of running a different
 * benchmark than asked for.
 */
final class Args {
    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final List<String> read = new ArrayList<>();

    Args(String[] argv, int from) {
        for (int i = from; i < argv.length; i++) {
            String arg = argv[i];
            if (!arg.startsWith("--") || i + 1 >= argv.length) {
                throw new IllegalArgumentException("expected --name value, got '" + arg + "'");
            }
            values.computeIfAbsent(arg.substring(2), k -> new ArrayList<>()).add(argv[++i]);
        }
    }

    String string(String name, String fallback) {
        read.add(name);
        List<String> v = values.get(name);
        return v == null ? fallback : v.get(v.size() - 1);
    }

    String required(String name) {
        String v = string(name, null);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }

    int integer(String name, int fallback) {
        String v = string(name, null);
        try {
            return v == null ? fallback : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, got '" + v + "'");
        }
    }

    List<String> all(String name) {
        read.add(name);
        return values.getOrDefault(name, List.of());
    }

    void rejectUnknown() {
        List<String> unknown = values.keySet().stream().filter(k -> !read.contains(k)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s): --" + String.join(", --", unknown));
        }
    }
}
