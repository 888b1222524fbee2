package dev.underpass.cli.tunnels;

import dev.underpass.localproxy.ServiceMappings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The local ports of {@code tunnels open --connect}: {@code 10022} (one port for the tunnel's only service) or
 * {@code ssh=10022,web=8080} (a port per service), as the local proxy's {@code -s}. Port 0 picks a free port.
 *
 * @param ports service id ({@code ""} for the unnamed one) to port
 */
record ConnectPorts(Map<String, Integer> ports) {
    static final String EXAMPLE = "--connect 10022, or --connect ssh=10022,web=8080 for several services";

    /**
     * Checks the ports against the services the tunnel is opened with, before it is opened.
     *
     * @return the problems, empty when the ports fit
     */
    List<String> problems(List<String> services) {
        List<String> problems = new ArrayList<>();
        boolean unnamed = ports.containsKey(ServiceMappings.UNNAMED);
        if (unnamed && services.size() > 1) {
            problems.add("one port cannot serve the tunnel's services " + String.join(", ", services)
                    + "; name a port for each, as --connect " + String.join("=PORT,", services) + "=PORT");
        }
        if (!unnamed && services.isEmpty() && ports.size() > 1) {
            problems.add("the tunnel has no named services (no --destination-config), so --connect takes one port");
        }
        for (String service : ports.keySet()) {
            if (!service.isEmpty() && !services.isEmpty() && !services.contains(service)) {
                problems.add("--connect names service '" + service + "', but the tunnel's services are "
                        + String.join(", ", services));
            }
        }
        return problems;
    }

    /** {@code --connect}. */
    static final class Converter implements ITypeConverter<ConnectPorts> {
        @Override
        public ConnectPorts convert(String value) {
            try {
                return new ConnectPorts(ServiceMappings.parseListenPorts(value));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage() + ". Example: " + EXAMPLE);
            }
        }
    }
}
