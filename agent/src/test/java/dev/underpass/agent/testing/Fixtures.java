package dev.underpass.agent.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One test PKI, one MQTT broker and one Underpass server for every test class of the run that asks for them as
 * parameters (two cores: starting them once keeps the suite lean); each is started on first use and closed at the
 * end of the run. Tests keep apart by using their own thing names.
 */
public final class Fixtures implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == TestPki.class || type == TestBroker.class || type == TunnelService.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Running running = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Running.class, k -> new Running(), Running.class);
        Class<?> type = parameter.getParameter().getType();
        if (type == TestPki.class) {
            return running.pki();
        }
        return type == TestBroker.class ? running.broker() : running.tunnels();
    }

    /** The shared fixtures, each started on first use. */
    private static final class Running implements AutoCloseable {
        private final Path dir;
        private TestPki pki;
        private TestBroker broker;
        private TunnelService tunnels;

        Running() {
            try {
                dir = Files.createTempDirectory("underpass-agent-test");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        synchronized TestPki pki() {
            if (pki == null) {
                pki = TestPki.create(dir.resolve("pki"), "device-ca");
            }
            return pki;
        }

        synchronized TestBroker broker() {
            if (broker == null) {
                broker = TestBroker.start(pki(), dir.resolve("broker"));
            }
            return broker;
        }

        synchronized TunnelService tunnels() {
            if (tunnels == null) {
                tunnels = TunnelService.start(dir.resolve("server"));
            }
            return tunnels;
        }

        @Override
        public synchronized void close() throws IOException {
            if (tunnels != null) {
                tunnels.close();
            }
            if (broker != null) {
                broker.close();
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
