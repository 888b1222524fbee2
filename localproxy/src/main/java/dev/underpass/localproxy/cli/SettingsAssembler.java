package dev.underpass.localproxy.cli;

import static dev.underpass.localproxy.cli.OptionNames.ACCESS_TOKEN;
import static dev.underpass.localproxy.cli.OptionNames.CAPATH;
import static dev.underpass.localproxy.cli.OptionNames.CLIENT_TOKEN;
import static dev.underpass.localproxy.cli.OptionNames.DESTINATION_APP;
import static dev.underpass.localproxy.cli.OptionNames.DESTINATION_CLIENT_TYPE;
import static dev.underpass.localproxy.cli.OptionNames.LOCAL_BIND_ADDRESS;
import static dev.underpass.localproxy.cli.OptionNames.MODE;
import static dev.underpass.localproxy.cli.OptionNames.NO_SSL_HOST_VERIFY;
import static dev.underpass.localproxy.cli.OptionNames.PROXY_ENDPOINT;
import static dev.underpass.localproxy.cli.OptionNames.REGION;
import static dev.underpass.localproxy.cli.OptionNames.SOURCE_LISTEN_PORT;
import static dev.underpass.localproxy.cli.OptionNames.VERBOSE;

import dev.underpass.localproxy.LocalProxyConfig;
import dev.underpass.localproxy.ProxyEndpoint;
import dev.underpass.protocol.Mode;
import dev.underpass.protocol.SubProtocol;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds a {@link LocalProxyConfig} from three layers with the precedence command line &gt; {@code --config} file
 * &gt; environment &gt; defaults, reporting every problem at once. {@code -e} and {@code -r} are one setting: the
 * highest layer naming either decides, and naming both in one layer is an error. The mode is {@code -m}, else
 * inferred from {@code -s} (source) or {@code -d} (destination).
 */
final class SettingsAssembler {
    /** The default of {@code -v}: info. */
    static final int DEFAULT_VERBOSITY = 4;

    private final Map<String, Setting> cli;
    private final ConfigFile file;
    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();

    SettingsAssembler(Map<String, Setting> cli, ConfigFile file, Map<String, String> env) {
        this.cli = cli;
        this.file = file == null ? new ConfigFile(Map.of(), Map.of()) : file;
        this.env = env;
    }

    /** The config and the verbosity level, or every problem found. */
    Settings assemble() throws UsageException {
        Mode mode = mode();
        String token = token();
        ProxyEndpoint endpoint = endpoint();
        LocalProxyConfig.Builder b = LocalProxyConfig.builder(mode, token, endpoint);
        Setting clientToken = get(CLIENT_TOKEN);
        b.clientToken(clientToken == null ? null : clientToken.value());
        mappings(mode, b);
        Setting bind = get(LOCAL_BIND_ADDRESS);
        b.bindAddress(bind == null ? null : bind.value());
        Setting ca = get(CAPATH);
        if (ca != null) {
            Path path = Path.of(ca.value());
            check(Files.exists(path), ca, "'" + ca.value() + "' does not exist");
            b.caPath(path);
        }
        b.insecureTls(flag(get(NO_SSL_HOST_VERIFY)));
        b.protocol(clientType(get(DESTINATION_CLIENT_TYPE)));
        int verbosity = verbosity(get(VERBOSE));
        if (endpoint != null) {
            try {
                b.httpsProxy(ProxyEnvironment.forServer(env, endpoint.address()));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new UsageException(problems);
        }
        try {
            return new Settings(b.build(), verbosity);
        } catch (IllegalArgumentException e) {
            throw new UsageException(List.of(e.getMessage()));
        }
    }

    private Mode mode() {
        Setting m = get(MODE);
        if (m != null) {
            return switch (m.value().toLowerCase(Locale.ROOT)) {
                case "src", "source" -> Mode.SOURCE;
                case "dst", "destination" -> Mode.DESTINATION;
                default -> {
                    problems.add(m.origin() + ": '" + m.value() + "' is not src, source, dst or destination");
                    yield null;
                }
            };
        }
        boolean source = get(SOURCE_LISTEN_PORT) != null;
        boolean destination = get(DESTINATION_APP) != null;
        if (source == destination) {
            problems.add(source ? "both -s and -d are given: a proxy is either a source or a destination"
                    : "no mode: give -s PORT (source), -d ADDRESS (destination) or -m src|dst");
            return null;
        }
        return source ? Mode.SOURCE : Mode.DESTINATION;
    }

    private String token() {
        Setting t = get(ACCESS_TOKEN);
        if (t == null || t.value().isBlank()) {
            problems.add("no access token: set AWSIOT_TUNNEL_ACCESS_TOKEN (or give -t, or access-token in --config)");
            return null;
        }
        check(t.value().chars().noneMatch(c -> c <= ' ' || c >= 0x7f), t,
                "the access token contains spaces or control characters");
        return t.value();
    }

    private ProxyEndpoint endpoint() {
        List<Map<String, Setting>> layers = List.of(cli, file.options(), envLayer());
        for (Map<String, Setting> layer : layers) {
            Setting e = layer.get(PROXY_ENDPOINT);
            Setting r = layer.get(REGION);
            if (e != null && r != null) {
                problems.add(e.origin() + " and " + r.origin() + " exclude each other: give one");
                return null;
            }
            try {
                if (e != null) {
                    return ProxyEndpoint.parse(e.value());
                }
                if (r != null) {
                    return ProxyEndpoint.forRegion(r.value());
                }
            } catch (IllegalArgumentException ex) {
                problems.add((e != null ? e : r).origin() + ": " + ex.getMessage());
                return null;
            }
        }
        problems.add("no endpoint: give -e HOST[:PORT] or -r REGION (or set AWSIOT_TUNNEL_ENDPOINT)");
        return null;
    }

    private void mappings(Mode mode, LocalProxyConfig.Builder b) {
        Setting s = get(SOURCE_LISTEN_PORT);
        Setting d = get(DESTINATION_APP);
        if (mode == Mode.SOURCE) {
            check(d == null, d, "only a destination takes -d");
            new MappingReader(problems).source(cli.get(SOURCE_LISTEN_PORT), file, b);
        } else if (mode == Mode.DESTINATION) {
            check(s == null, s, "only a source takes -s");
            new MappingReader(problems).destination(cli.get(DESTINATION_APP), file, b);
        }
    }

    private SubProtocol clientType(Setting y) {
        if (y == null) {
            return LocalProxyConfig.DEFAULT_PROTOCOL;
        }
        return switch (y.value().toUpperCase(Locale.ROOT)) {
            case "V1" -> SubProtocol.V1;
            case "V2" -> SubProtocol.V2;
            case "V3" -> SubProtocol.V3;
            default -> {
                problems.add(y.origin() + ": '" + y.value() + "' is not V1 or V2");
                yield LocalProxyConfig.DEFAULT_PROTOCOL;
            }
        };
    }

    private int verbosity(Setting v) {
        if (v == null) {
            return DEFAULT_VERBOSITY;
        }
        String t = v.value().strip();
        if (t.isEmpty() || t.length() > 3 || !t.chars().allMatch(Character::isDigit) || Integer.parseInt(t) > 255) {
            problems.add(v.origin() + ": '" + v.value() + "' is not a level 0 to 6");
            return DEFAULT_VERBOSITY;
        }
        return Integer.parseInt(t);
    }

    private boolean flag(Setting f) {
        if (f == null) {
            return false;
        }
        return switch (f.value().strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> {
                problems.add(f.origin() + ": '" + f.value() + "' is not true or false");
                yield false;
            }
        };
    }

    private void check(boolean ok, Setting s, String message) {
        if (!ok) {
            problems.add(s.origin() + ": " + message);
        }
    }

    /** The winning value of an option: command line, then file, then environment. */
    private Setting get(String name) {
        Setting s = cli.get(name);
        if (s == null) {
            s = file.options().get(name);
        }
        return s != null ? s : envLayer().get(name);
    }

    private Map<String, Setting> envLayer() {
        Map<String, Setting> layer = new HashMap<>();
        OptionNames.ENVIRONMENT.forEach((option, variable) -> {
            String value = env.get(variable);
            if (value != null && !value.isBlank()) {
                layer.put(option, new Setting(value.strip(), variable));
            }
        });
        return layer;
    }

    /**
     * The assembled settings.
     *
     * @param config    the proxy's config
     * @param verbosity AWS's {@code -v} level: 0 off, 1 fatal, 2 error, 3 warning, 4 info, 5 debug, 6 trace
     */
    record Settings(LocalProxyConfig config, int verbosity) {
    }
}
