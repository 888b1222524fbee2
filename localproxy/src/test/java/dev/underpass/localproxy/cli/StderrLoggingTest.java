package dev.underpass.localproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import dev.underpass.protocol.testing.ProcessOutput;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

/**
 * The standalone proxy's logging set up in code: the same lines on stderr as the logback.xml it replaces, {@code -v}
 * still applied, a {@code -Dlogback.configurationFile} still obeyed, and no effect on programs that did not ask.
 */
class StderrLoggingTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String TIMESTAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d)";

    @TempDir
    Path dir;
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopProcesses() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void logbackFindsTheConfiguratorAsAService() {
        assertThat(ServiceLoader.load(Configurator.class).stream().map(ServiceLoader.Provider::type))
                .contains(StderrLogging.class);
    }

    @Test
    void withoutTheSystemPropertyItLeavesTheContextToTheNextConfigurator() {
        LoggerContext context = new LoggerContext();
        StderrLogging configurator = new StderrLogging();
        configurator.setContext(context);

        assertThat(System.getProperty(StderrLogging.PROPERTY)).isNull();
        assertThat(configurator.configure(context)).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext()).isFalse();
    }

    @Test
    void theProxyLogsOneLinePerEventOnStderrAtTheLevelOfDashV() throws Exception {
        int closedPort = closedPort();
        ProcessOutput debug = proxy("debug", List.of(), "-v", "5", closedPort);
        debug.awaitLine(Pattern.compile("^" + TIMESTAMP + " DEBUG TlsContexts - TLS through (OPENSSL|JDK)$"), TIMEOUT);
        debug.awaitLine(Pattern.compile("^" + TIMESTAMP + " WARN  TunnelConnector - cannot connect to wss://127\\.0\\.0"
                + "\\.1:" + closedPort + ": .*; retrying in \\d+ ms$"), TIMEOUT);

        ProcessOutput info = proxy("info", List.of(), "-v", "4", closedPort);
        info.awaitLine(Pattern.compile("^" + TIMESTAMP + " WARN  TunnelConnector - cannot connect to "), TIMEOUT);
        assertThat(info.lines()).noneMatch(line -> line.contains("DEBUG"));
    }

    @Test
    void aLogbackConfigurationFileStillReplacesIt() throws Exception {
        Path config = dir.resolve("logback.xml");
        Files.writeString(config, """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>CUSTOM %level %msg%n</pattern></encoder>
                  </appender>
                  <root level="INFO"><appender-ref ref="OUT"/></root>
                </configuration>
                """);
        int closedPort = closedPort();
        ProcessOutput output = proxy("custom", List.of("-Dlogback.configurationFile=" + config), "-v", "4",
                closedPort);
        output.awaitLine(Pattern.compile("^CUSTOM WARN cannot connect to wss://127\\.0\\.0\\.1:" + closedPort),
                TIMEOUT);
    }

    private ProcessOutput proxy(String name, List<String> jvmOptions, String verbosityFlag, String verbosity,
            int port) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path")));
        command.addAll(jvmOptions);
        command.addAll(List.of(LocalProxyMain.class.getName(), "-e", "127.0.0.1:" + port, "-s", "5555",
                "-b", "127.0.0.1", verbosityFlag, verbosity));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("AWSIOT_TUNNEL_ACCESS_TOKEN", "not-a-real-token");
        Process process = builder.start();
        processes.add(process);
        return ProcessOutput.pump(name, process, Path.of("target", "process-logs", "stderr-logging-" + name + ".log"));
    }

    /** A port nothing listens on: bound for a moment to find it, then closed. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
