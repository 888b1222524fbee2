package dev.underpass.server.audit;

import dev.underpass.server.store.AuditEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Writes an audit entry as one INFO line of logger {@value #LOGGER}: a readable message for text logs, and every
 * field as an SLF4J key/value pair, which the JSON log format ({@code log-format = json}) emits as structured
 * fields. An entry never holds a token or a secret, so neither can reach the log through here.
 */
public final class AuditLogLine {
    public static final String LOGGER = "underpass.audit";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private AuditLogLine() {
    }

    static void write(AuditEvent e) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        LoggingEventBuilder line = LOG.atInfo();
        StringBuilder text = new StringBuilder("audit ").append(e.action()).append(' ').append(e.outcome());
        line = add(line, text, "kind", e.kind().name(), false);
        line = add(line, text, "action", e.action(), false);
        line = add(line, text, "outcome", e.outcome(), false);
        line = add(line, text, "httpStatus", e.httpStatus(), true);
        line = add(line, text, "accessKeyId", e.accessKeyId(), true);
        line = add(line, text, "keyName", e.keyName(), true);
        line = add(line, text, "tunnelId", e.tunnelId(), true);
        line = add(line, text, "thingName", e.thingName(), true);
        line = add(line, text, "side", e.side(), true);
        line = add(line, text, "remoteAddress", e.remoteAddress(), true);
        line = add(line, text, "requestId", e.requestId(), true);
        line = add(line, text, "bytesSourceToDestination", e.bytesSourceToDestination(), true);
        line = add(line, text, "bytesDestinationToSource", e.bytesDestinationToSource(), true);
        line = add(line, text, "detail", e.detail(), true);
        line = add(line, text, "at", e.occurredAt().toString(), false);
        line.log(text.toString());
    }

    private static LoggingEventBuilder add(LoggingEventBuilder line, StringBuilder text, String key, Object value,
            boolean inText) {
        if (value == null) {
            return line;
        }
        if (inText) {
            text.append(' ').append(key).append('=').append(value);
        }
        return line.addKeyValue(key, value);
    }
}
