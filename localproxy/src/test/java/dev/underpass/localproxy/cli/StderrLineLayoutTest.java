package dev.underpass.localproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/** The proxy's hand-written log line is the line logback's pattern {@link StderrLogging#PATTERN} gives. */
class StderrLineLayoutTest {
    private final LoggerContext context = new LoggerContext();

    @Test
    void writesTheLinesOfThePattern() {
        assertSameLine(event(Level.INFO, "dev.underpass.localproxy.tunnel.TunnelConnector", "connected to {} ({})",
                null, "wss://127.0.0.1:443", "channel-id 1"));
        assertSameLine(event(Level.WARN, "io.netty.util.ResourceLeakDetector", "LEAK: {}", null, "x"));
        assertSameLine(event(Level.DEBUG, "Root", "no dots in the name", null));
        assertSameLine(event(Level.ERROR, "a.b.Outer$Inner", "error with {} braces {}", null, "two"));
        assertSameLine(event(Level.TRACE, "x.Y", "", null));
    }

    @Test
    void writesAnExceptionAsThePatternDoes() {
        IOException cause = new IOException("disk on fire");
        Exception thrown = new UncheckedIOException("cannot read the token file", cause);
        thrown.addSuppressed(new IllegalStateException("closing failed too"));
        assertSameLine(event(Level.ERROR, "dev.underpass.localproxy.ProxyRuntime", "stopping: {}", thrown,
                "token"));
    }

    @Test
    void lastNameIsThePartAfterTheLastDot() {
        assertThat(StderrLineLayout.lastName("dev.underpass.localproxy.cli.Verbosity")).isEqualTo("Verbosity");
        assertThat(StderrLineLayout.lastName("ROOT")).isEqualTo("ROOT");
        assertThat(StderrLineLayout.lastName("a.B$C")).isEqualTo("B$C");
    }

    private void assertSameLine(ILoggingEvent event) {
        PatternLayout pattern = new PatternLayout();
        pattern.setContext(context);
        pattern.setPattern(StderrLogging.PATTERN);
        pattern.start();
        StderrLineLayout layout = new StderrLineLayout();
        layout.setContext(context);
        layout.start();

        assertThat(layout.doLayout(event)).isEqualTo(pattern.doLayout(event));
    }

    private LoggingEvent event(Level level, String loggerName, String message, Throwable thrown, Object... args) {
        LoggingEvent event = new LoggingEvent("fqcn", context.getLogger(loggerName), level, message, thrown, args);
        event.setTimeStamp(1_764_400_000_123L);
        return event;
    }
}
