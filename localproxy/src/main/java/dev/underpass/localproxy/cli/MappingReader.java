package dev.underpass.localproxy.cli;

import dev.underpass.localproxy.HostPort;
import dev.underpass.localproxy.LocalProxyConfig;
import dev.underpass.localproxy.ServiceMappings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads the service mapping of a proxy: {@code -s}/{@code -d} from the command line replaces the file's mapping as a
 * whole; the file's mapping is its {@code source-listen-port}/{@code destination-app} option plus its service lines.
 */
final class MappingReader {
    private final List<String> problems;

    MappingReader(List<String> problems) {
        this.problems = problems;
    }

    void source(Setting cli, ConfigFile file, LocalProxyConfig.Builder b) {
        b.listenPorts(read(cli, file, OptionNames.SOURCE_LISTEN_PORT, ServiceMappings::parseListenPorts,
                v -> HostPort.parsePort(v, v)));
    }

    void destination(Setting cli, ConfigFile file, LocalProxyConfig.Builder b) {
        b.destinations(read(cli, file, OptionNames.DESTINATION_APP, ServiceMappings::parseDestinations,
                ServiceMappings::parseDestination));
    }

    private <T> Map<String, T> read(Setting cli, ConfigFile file, String option,
            Function<String, Map<String, T>> parseAll, Function<String, T> parseOne) {
        if (cli != null) {
            return parse(cli, parseAll);
        }
        Map<String, T> result = new LinkedHashMap<>();
        Setting fromFile = file.options().get(option);
        if (fromFile != null) {
            result.putAll(parse(fromFile, parseAll));
        }
        file.services().forEach((service, setting) -> {
            try {
                if (result.put(service, parseOne.apply(setting.value())) != null) {
                    problems.add(setting.origin() + ": service " + service + " is mapped twice");
                }
            } catch (IllegalArgumentException e) {
                problems.add(setting.origin() + ": " + e.getMessage());
            }
        });
        if (result.containsKey(ServiceMappings.UNNAMED) && result.size() > 1) {
            problems.add(fromFile.origin() + ": an unnamed mapping cannot be combined with named service lines");
        }
        return result;
    }

    private <T> Map<String, T> parse(Setting s, Function<String, Map<String, T>> parser) {
        try {
            return parser.apply(s.value());
        } catch (IllegalArgumentException e) {
            problems.add(s.origin() + ": " + e.getMessage());
            return Map.of();
        }
    }
}
