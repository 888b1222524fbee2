package dev.underpass.server.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the server writes its log to stderr: {@code text}, one readable line per event (the pattern of
 * {@code logback.xml}), or {@code json}, one JSON object per line from Logback's {@link JsonEncoder} with the
 * timestamp, level, thread, logger, formatted message, key/value pairs ({@code kvpList}: the audit fields) and
 * any exception. Both carry the same events; neither ever carries a token or a secret.
 */
public enum LogFormat {
    TEXT, JSON;

    /** The appender of {@code logback.xml} that both formats write through. */
    static final String APPENDER = "STDERR";

    /** {@code text} or {@code json}, in any case. */
    public static LogFormat parse(String value) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("log format '" + value + "' is not one of: text, json");
        }
    }

    /** Switches the process's log output to this format; text is what {@code logback.xml} set up already. */
    public void install() {
        if (this == TEXT) {
            return;
        }
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            LoggerFactory.getLogger(LogFormat.class).warn("JSON logs need Logback; the log stays as it is");
            return;
        }
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithFormattedMessage(true);
        encoder.setWithMessage(false); // the formatted message says it all; the raw pattern would repeat it
        encoder.setWithArguments(false);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.start();
        ConsoleAppender<ILoggingEvent> json = new ConsoleAppender<>();
        json.setContext(context);
        json.setName(APPENDER);
        json.setTarget("System.err");
        json.setEncoder(encoder);
        json.start();
        Appender<ILoggingEvent> text = root.getAppender(APPENDER);
        root.addAppender(json);
        if (text != null) {
            root.detachAppender(text);
            text.stop();
        }
    }
}
