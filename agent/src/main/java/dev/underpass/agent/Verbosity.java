package dev.underpass.agent;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/**
 * Applies the local proxy's {@code -v} levels to logback: 0 off, 1 and 2 ERROR, 3 WARN, 4 INFO (default), 5 DEBUG,
 * 6 or more TRACE for our own loggers; libraries stay at INFO, or DEBUG at 6. Does nothing when logback is not the
 * logging backend.
 */
final class Verbosity {
    private static final String OURS = "dev.underpass";

    private Verbosity() {
    }

    static void apply(int level) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Level mine = switch (level) {
            case 0 -> Level.OFF;
            case 1, 2 -> Level.ERROR;
            case 3 -> Level.WARN;
            case 4 -> Level.INFO;
            case 5 -> Level.DEBUG;
            default -> Level.TRACE;
        };
        context.getLogger(OURS).setLevel(mine);
        context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(level <= 4 ? mine : level == 5 ? Level.INFO : Level.DEBUG);
    }
}
