package dev.underpass.localproxy.cli;

import dev.underpass.localproxy.ServiceMappings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads AWS's {@code --config} file: {@code key = value} lines whose keys are long option names without dashes
 * ({@code region = us-east-1}, {@code source-listen-port = 5000}); {@code #} and {@code ;} start comments and
 * {@code [section]} lines are ignored. Any other key is taken as a service mapping, in the format of AWS's
 * {@code --config-dir} files ({@code SSH1 = 3333} on a source, {@code SSH1 = 10.0.0.1:22} on a destination).
 *
 * @param options  option values by long name
 * @param services service mappings, in file order
 */
record ConfigFile(Map<String, Setting> options, Map<String, Setting> services) {

    /** Reads and checks the file; {@code optionNames} are the long names a file may set. */
    static ConfigFile read(Path file, Set<String> optionNames) throws UsageException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException(List.of("--config: cannot read " + file + ": " + e.getMessage()));
        }
        Map<String, Setting> options = new LinkedHashMap<>();
        Map<String, Setting> services = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            String where = file.getFileName() + " line " + (i + 1);
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";") || line.startsWith("[")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                problems.add(where + ": expected key = value");
                continue;
            }
            String key = line.substring(0, eq).strip();
            String value = unquote(line.substring(eq + 1).strip());
            Map<String, Setting> target = optionNames.contains(key) ? options : services;
            if (target == services && !ServiceMappings.SERVICE_ID.matcher(key).matches()) {
                problems.add(where + ": '" + key + "' is neither an option name nor a service id");
            } else if (target.put(key, new Setting(value, key + " in " + file.getFileName())) != null) {
                problems.add(where + ": '" + key + "' is set twice");
            }
        }
        if (!problems.isEmpty()) {
            throw new UsageException(problems);
        }
        return new ConfigFile(options, services);
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}
