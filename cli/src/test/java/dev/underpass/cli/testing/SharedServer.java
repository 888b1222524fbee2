package dev.underpass.cli.testing;

import dev.underpass.server.ServerConfig;
import dev.underpass.server.UnderpassServer;
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
 * One real Underpass server (TLS, generated CA and credentials, embedded H2) for every test class of the run that
 * asks for it as a parameter; started on first use on a free loopback port, closed at the end of the run.
 */
public final class SharedServer implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == UnderpassServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .computeIfAbsent(SharedServer.class, k -> Running.start(), Running.class).server();
    }

    private record Running(UnderpassServer server, Path dataDir) implements AutoCloseable {
        static Running start() {
            try {
                Path dir = Files.createTempDirectory("underpass-cli-test");
                return new Running(UnderpassServer.start(ServerConfig.defaults(dir).withPort(0)
                        .withBindAddress("127.0.0.1")), dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
