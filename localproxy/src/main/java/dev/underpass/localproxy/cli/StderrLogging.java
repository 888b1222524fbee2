package dev.underpass.localproxy.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * The standalone local proxy's logging, set up in code: one line per event on stderr, {@code io.netty} at WARN and
 * everything else at INFO until {@link Verbosity} applies {@code -v}. Logback finds this class as a
 * {@link Configurator} service in every program that has the local proxy on its class path, so it acts only when
 * {@link LocalProxyMain} asked for it ({@link #PROPERTY}); otherwise logback goes on to its usual configuration files.
 *
 * <p>Why not a {@code logback.xml}: reading one loads logback's XML configurator and the JDK's XML parser, about
 * 500 classes (3 MiB of the proxy's metaspace and symbols) used once at start. The line itself is written by
 * {@link StderrLineLayout} rather than a logback pattern, for the same reason.
 */
public final class StderrLogging extends ContextAwareBase implements Configurator {
    /** Set to {@code stderr} (before the first logger exists) to select this configuration. */
    public static final String PROPERTY = "underpass.localproxy.logging";
    static final String STDERR = "stderr";
    /** The logback pattern whose lines {@link StderrLineLayout} writes. */
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0} - %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (!STDERR.equals(System.getProperty(PROPERTY))) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        StderrLineLayout layout = new StderrLineLayout();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();

        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName("STDERR");
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();

        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(appender);
        context.getLogger("io.netty").setLevel(Level.WARN);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
