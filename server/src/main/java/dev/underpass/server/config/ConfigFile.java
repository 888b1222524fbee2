package dev.underpass.server.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The server's configuration file: {@code key = value} lines named like the long command-line options without
 * their dashes ({@code port = 8443}, {@code jdbc-url = jdbc:postgresql://db/underpass}); {@code #} starts a
 * comment. Every problem is reported at once: unknown keys (named, with the known ones), duplicates, lines that
 * are not {@code key = value}.
 */
public final class ConfigFile {
    private ConfigFile() {
    }

    /** Reads {@code file}, accepting only {@code knownKeys}. */
    public static Map<String, String> read(Path file, Set<String> knownKeys) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                problems.add("line " + (i + 1) + ": expected 'key = value'");
                continue;
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (!knownKeys.contains(key)) {
                problems.add("line " + (i + 1) + ": unknown key '" + key + "'");
            } else if (values.put(key, value) != null) {
                problems.add("line " + (i + 1) + ": '" + key + "' is set twice");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("configuration file " + file + ": " + String.join("; ", problems)
                    + " (known keys: " + String.join(", ", new java.util.TreeSet<>(knownKeys)) + ")");
        }
        return values;
    }
}
