package dev.underpass.server.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Gives every option not given on the command line its value from, in this order, the configuration file
 * ({@code --config}), the environment ({@code UNDERPASS_<OPTION>}, e.g. {@code UNDERPASS_JDBC_URL}), and the
 * option's built-in default. Together with picocli this is the precedence flags > file > environment > defaults.
 */
public final class LayeredDefaults implements CommandLine.IDefaultValueProvider {
    /** Options that make no sense in a file or the environment. */
    private static final Set<String> NOT_CONFIGURABLE = Set.of("config", "help", "version");

    private final Map<String, String> file;
    private final Map<String, String> environment;

    private LayeredDefaults(Map<String, String> file, Map<String, String> environment) {
        this.file = file;
        this.environment = environment;
    }

    /** Reads the file named by {@code --config} (if any) from the raw arguments, before picocli parses them. */
    public static LayeredDefaults from(CommandSpec spec, String[] args, Map<String, String> environment) {
        Path config = configArgument(args);
        if (config == null && environment.containsKey(environmentName("config"))) {
            config = Path.of(environment.get(environmentName("config")));
        }
        Map<String, String> file = config == null ? Map.of() : ConfigFile.read(config, keys(spec));
        return new LayeredDefaults(file, environment);
    }

    /** The keys a file may set: the long option names without dashes. */
    public static Set<String> keys(CommandSpec spec) {
        Set<String> keys = new TreeSet<>();
        for (OptionSpec option : spec.options()) {
            String key = key(option);
            if (!NOT_CONFIGURABLE.contains(key)) {
                keys.add(key);
            }
        }
        return keys;
    }

    /** The environment variable for a key: {@code jdbc-url} → {@code UNDERPASS_JDBC_URL}. */
    public static String environmentName(String key) {
        return "UNDERPASS_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (!(argSpec instanceof OptionSpec option)) {
            return null;
        }
        String key = key(option);
        if (NOT_CONFIGURABLE.contains(key)) {
            return null;
        }
        if (file.containsKey(key)) {
            return file.get(key);
        }
        String fromEnvironment = environment.get(environmentName(key));
        return fromEnvironment != null ? fromEnvironment : option.defaultValue();
    }

    private static String key(OptionSpec option) {
        return option.longestName().replaceFirst("^--", "");
    }

    private static Path configArgument(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                return Path.of(args[i + 1]);
            }
            if (args[i].startsWith("--config=")) {
                return Path.of(args[i].substring("--config=".length()));
            }
        }
        return null;
    }
}
