package dev.underpass.agent.config;

import dev.underpass.localproxy.HostPort;
import dev.underpass.localproxy.ProxyEndpoint;
import dev.underpass.localproxy.ServiceMappings;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the agent's config file: {@code key = value} lines, {@code #} comments, blank lines ignored. Relative paths
 * are relative to the file's directory. Unknown and repeated keys are errors; every problem is reported at once,
 * each with its line number. The keys (documented with an example in the module's README):
 *
 * <pre>
 * thing-name, mqtt-endpoint, certificate, private-key, root-ca      required
 * tunnel-endpoint, tunnel-ca, service.NAME, exec, max-tunnels,
 * keep-alive, reconnect-delay, max-reconnect-delay                   optional
 * </pre>
 */
public final class AgentConfigFile {
    public static final String THING_NAME = "thing-name";
    public static final String MQTT_ENDPOINT = "mqtt-endpoint";
    public static final String CERTIFICATE = "certificate";
    public static final String PRIVATE_KEY = "private-key";
    public static final String ROOT_CA = "root-ca";
    public static final String TUNNEL_ENDPOINT = "tunnel-endpoint";
    public static final String TUNNEL_CA = "tunnel-ca";
    /** {@code service.ssh = localhost:22}: one line per service; a bare port means localhost. */
    public static final String SERVICE_PREFIX = "service.";
    public static final String EXEC = "exec";
    public static final String MAX_TUNNELS = "max-tunnels";
    public static final String KEEP_ALIVE = "keep-alive";
    public static final String RECONNECT_DELAY = "reconnect-delay";
    public static final String MAX_RECONNECT_DELAY = "max-reconnect-delay";
    private static final List<String> KEYS = List.of(THING_NAME, MQTT_ENDPOINT, CERTIFICATE, PRIVATE_KEY, ROOT_CA,
            TUNNEL_ENDPOINT, TUNNEL_CA, SERVICE_PREFIX + "NAME", EXEC, MAX_TUNNELS, KEEP_ALIVE, RECONNECT_DELAY,
            MAX_RECONNECT_DELAY);
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h)?");

    private final Path base;
    private final List<String> problems = new ArrayList<>();
    private final Map<String, Line> lines = new HashMap<>();

    private record Line(int number, String value) {
    }

    private AgentConfigFile(Path base) {
        this.base = base;
    }

    /**
     * Reads and validates a config file.
     *
     * @throws InvalidConfigException listing every problem, each naming the line and the bad value
     */
    public static AgentConfig load(Path file) {
        List<String> text;
        try {
            text = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidConfigException(List.of("config file " + file + " does not exist"));
        } catch (MalformedInputException e) {
            throw new InvalidConfigException(List.of("config file " + file + " is not UTF-8 text"));
        } catch (IOException e) {
            throw new InvalidConfigException(List.of("cannot read config file " + file + ": " + e.getMessage()));
        }
        Path dir = file.toAbsolutePath().getParent();
        return parse(text, dir);
    }

    /**
     * Validates config lines; relative paths resolve against {@code base}.
     *
     * @throws InvalidConfigException listing every problem
     */
    public static AgentConfig parse(List<String> text, Path base) {
        return new AgentConfigFile(base).read(text);
    }

    private AgentConfig read(List<String> text) {
        Map<String, HostPort> services = new LinkedHashMap<>();
        for (int i = 0; i < text.size(); i++) {
            String raw = text.get(i).strip();
            int number = i + 1;
            if (raw.isEmpty() || raw.startsWith("#")) {
                continue;
            }
            int eq = raw.indexOf('=');
            if (eq < 0) {
                problems.add("line " + number + ": '" + raw + "' is not 'key = value'");
                continue;
            }
            String key = raw.substring(0, eq).strip();
            String value = raw.substring(eq + 1).strip();
            if (key.startsWith(SERVICE_PREFIX)) {
                service(number, key.substring(SERVICE_PREFIX.length()), value, services);
            } else if (!KEYS.contains(key)) {
                problems.add("line " + number + ": unknown key '" + key + "'; the keys are " + String.join(", ", KEYS));
            } else if (lines.containsKey(key)) {
                problems.add("line " + number + ": " + key + " is already set on line " + lines.get(key).number());
            } else if (value.isEmpty()) {
                problems.add("line " + number + ": " + key + " has no value");
            } else {
                lines.put(key, new Line(number, value));
            }
        }
        AgentConfig.Builder builder = AgentConfig.builder(text(THING_NAME),
                        value(MQTT_ENDPOINT, v -> HostPort.parse(v, AgentConfig.DEFAULT_MQTT_PORT), null))
                .credentials(file(CERTIFICATE), file(PRIVATE_KEY), file(ROOT_CA))
                .tunnelEndpoint(value(TUNNEL_ENDPOINT, ProxyEndpoint::parse, null))
                .tunnelCa(file(TUNNEL_CA))
                .exec(executable(EXEC))
                .maxTunnels(value(MAX_TUNNELS, AgentConfigFile::positiveInt, AgentConfig.DEFAULT_MAX_TUNNELS))
                .keepAlive(value(KEEP_ALIVE, AgentConfigFile::duration, AgentConfig.DEFAULT_KEEP_ALIVE))
                .reconnectDelay(value(RECONNECT_DELAY, AgentConfigFile::duration, AgentConfig.DEFAULT_RECONNECT_DELAY),
                        value(MAX_RECONNECT_DELAY, AgentConfigFile::duration,
                                AgentConfig.DEFAULT_MAX_RECONNECT_DELAY));
        services.forEach(builder::service);
        try {
            AgentConfig config = builder.build();
            if (problems.isEmpty()) {
                return config;
            }
        } catch (InvalidConfigException e) {
            problems.addAll(e.problems());
        }
        throw new InvalidConfigException(problems);
    }

    private void service(int number, String name, String value, Map<String, HostPort> services) {
        if (!ServiceMappings.SERVICE_ID.matcher(name).matches()) {
            problems.add("line " + number + ": '" + name + "' is not a service name (1 to 128 characters of a-z, "
                    + "A-Z, 0-9, ':', '_' and '-'), as in 'service.ssh = localhost:22'");
            return;
        }
        try {
            if (services.put(name, ServiceMappings.parseDestination(value)) != null) {
                problems.add("line " + number + ": service '" + name + "' is already mapped");
            }
        } catch (IllegalArgumentException e) {
            problems.add("line " + number + ": service '" + name + "': " + e.getMessage()
                    + " (give HOST:PORT or a port)");
        }
    }

    private String text(String key) {
        Line line = lines.get(key);
        return line == null ? null : line.value();
    }

    /** The parsed value, the default when the key is absent, or the default after noting why the value is bad. */
    private <T> T value(String key, Function<String, T> parser, T absent) {
        Line line = lines.get(key);
        if (line == null) {
            return absent;
        }
        try {
            return parser.apply(line.value());
        } catch (IllegalArgumentException e) {
            problems.add("line " + line.number() + ": " + key + ": " + e.getMessage());
            return absent;
        }
    }

    private Path path(String key) {
        Line line = lines.get(key);
        if (line == null) {
            return null;
        }
        try {
            return base.resolve(line.value()).normalize();
        } catch (InvalidPathException e) {
            problems.add("line " + line.number() + ": " + key + ": '" + line.value() + "' is not a path");
            return null;
        }
    }

    private Path file(String key) {
        Path p = path(key);
        if (p != null && !(Files.isRegularFile(p) && Files.isReadable(p))) {
            problems.add("line " + lines.get(key).number() + ": " + key + ": " + p
                    + (Files.exists(p) ? " is not a readable file" : " does not exist"));
        }
        return p;
    }

    private Path executable(String key) {
        Path p = path(key);
        if (p != null && !(Files.isRegularFile(p) && Files.isExecutable(p))) {
            problems.add("line " + lines.get(key).number() + ": " + key + ": " + p
                    + (Files.exists(p) ? " is not an executable file" : " does not exist"));
        }
        return p;
    }

    private static int positiveInt(String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + value + "' is not a whole number of at least 1");
    }

    /** {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}; a bare number is seconds. */
    static Duration duration(String value) {
        Matcher m = DURATION.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a duration such as 500ms, 30s, 2m or 1h");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }
}
