package dev.underpass.localproxy.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/**
 * Applies AWS's {@code -v} levels to logback: 0 off, 1 fatal and 2 error (both ERROR), 3 WARN, 4 INFO (default),
 * 5 DEBUG and 6 or more TRACE for our own loggers (libraries stay at INFO, or DEBUG at 6). Does nothing when
 * logback is not the logging backend (e.g. inside another application).
 */
public final class Verbosity {
    private static final String OURS = "dev.underpass";

    private Verbosity() {
    }

    public static void apply(int level) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        Logger ours = context.getLogger(OURS);
        Level mine = switch (level) {
            case 0 -> Level.OFF;
            case 1, 2 -> Level.ERROR;
            case 3 -> Level.WARN;
            case 4 -> Level.INFO;
            case 5 -> Level.DEBUG;
            default -> Level.TRACE;
        };
        ours.setLevel(mine);
        root.setLevel(level <= 4 ? mine : level == 5 ? Level.INFO : Level.DEBUG);
    }
}
