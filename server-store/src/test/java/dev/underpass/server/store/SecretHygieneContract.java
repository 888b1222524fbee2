package dev.underpass.server.store;

import static dev.underpass.server.store.TestTunnels.ARN_PREFIX;
import static dev.underpass.server.store.TestTunnels.T0;
import static dev.underpass.server.store.TestTunnels.clientToken;
import static dev.underpass.server.store.TestTunnels.issue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.underpass.protocol.Mode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Tokens and their hashes never reach a log line, an exception message or a stack trace. */
interface SecretHygieneContract extends StoreFixture {

    @Test
    default void aClashOfTokenHashesFailsWithoutNamingTheHash() {
        TestTunnels.Issued first = issue("first", T0);
        first.createIn(store());
        NewTunnel clash = new NewTunnel("second", ARN_PREFIX + "second", null, null, 60, Map.of(),
                first.hash(Mode.SOURCE), AccessTokens.hash("other"), T0);

        StoreException failure = catchThrowableOfType(StoreException.class, () -> store().create(clash));

        assertThat(failure.getMessage()).contains("creating tunnel second").contains("already in use");
        assertThat(everythingPrintedAbout(failure)).doesNotContain(first.hash(Mode.SOURCE));
        assertThat(store().find("second")).isEmpty();
    }

    @Test
    default void noLogLineAtAnyLevelMentionsATokenOrAHash() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Map<Logger, Level> levels = new HashMap<>();
        for (Logger logger : root.getLoggerContext().getLoggerList()) {
            if (logger.getLevel() != null) {
                levels.put(logger, logger.getLevel());
                logger.setLevel(Level.ALL);
            }
        }
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
        List<String> secrets = new ArrayList<>();
        try {
            TestTunnels.Issued issued = issue("t-1", T0);
            issued.createIn(store());
            String client = clientToken();
            String rotated = AccessTokens.generate();
            secrets.addAll(List.of(issued.sourceToken(), issued.destinationToken(), issued.hash(Mode.SOURCE),
                    issued.hash(Mode.DESTINATION), client, AccessTokens.hash(client), rotated,
                    AccessTokens.hash(rotated)));
            store().claimToken(Mode.SOURCE, issued.hash(Mode.SOURCE), AccessTokens.hash(client), T0);
            store().claimToken(Mode.DESTINATION, issued.hash(Mode.SOURCE), null, T0);
            store().rotateToken("t-1", Mode.SOURCE, AccessTokens.hash(rotated), null, T0);
            NewTunnel clash = new NewTunnel("t-2", ARN_PREFIX + "t-2", null, null, 60, Map.of(),
                    AccessTokens.hash(rotated), AccessTokens.hash("x"), T0);
            catchThrowableOfType(StoreException.class, () -> store().create(clash));
            LoggerFactory.getLogger(TunnelStore.class).trace("canary");
        } finally {
            levels.forEach(Logger::setLevel);
            root.detachAppender(appender);
        }

        StringBuilder logged = new StringBuilder();
        for (ILoggingEvent event : appender.list) {
            logged.append(event.getFormattedMessage()).append('\n');
            if (event.getThrowableProxy() != null) {
                logged.append(ThrowableProxyUtil.asString(event.getThrowableProxy())).append('\n');
            }
        }
        assertThat(logged.toString()).as("the capture works").contains("canary");
        for (String secret : secrets) {
            assertThat(logged.toString()).doesNotContain(secret);
        }
    }

    @Test
    default void aTokenPassedWhereItsHashBelongsIsRefusedUnquotedAndNotStored() {
        TestTunnels.Issued issued = issue("t-1", T0);
        issued.createIn(store());
        String token = AccessTokens.generate();

        List<Throwable> failures = List.of(
                catchThrowableOfType(IllegalArgumentException.class, () -> new NewTunnel("t-2", ARN_PREFIX + "t-2",
                        null, null, 60, Map.of(), token, AccessTokens.hash("d"), T0)),
                catchThrowableOfType(IllegalArgumentException.class,
                        () -> store().rotateToken("t-1", Mode.SOURCE, token, null, T0)),
                catchThrowableOfType(IllegalArgumentException.class,
                        () -> store().claimToken(Mode.SOURCE, issued.sourceToken(), null, T0)),
                catchThrowableOfType(IllegalArgumentException.class,
                        () -> store().claimToken(Mode.SOURCE, issued.hash(Mode.SOURCE), token, T0)));

        for (Throwable failure : failures) {
            assertThat(failure).hasMessageContaining("AccessTokens.hash");
            assertThat(everythingPrintedAbout(failure)).doesNotContain(token).doesNotContain(issued.sourceToken());
        }
        assertThat(store().claimToken(Mode.SOURCE, issued.hash(Mode.SOURCE), null, T0).outcome())
                .isEqualTo(ClaimOutcome.CLAIMED);
    }

    private static String everythingPrintedAbout(Throwable failure) {
        StringWriter out = new StringWriter();
        failure.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
