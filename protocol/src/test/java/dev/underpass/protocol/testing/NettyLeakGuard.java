package dev.underpass.protocol.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Fails a test when Netty's leak detector reports a buffer that was never released. Surefire runs every module at
 * {@code paranoid} level; after each test this guard collects garbage and allocates, which makes the detector report
 * what was lost, and then fails the test with the report.
 */
public final class NettyLeakGuard implements BeforeEachCallback, AfterEachCallback {
    private static final List<String> REPORTS = new CopyOnWriteArrayList<>();
    private static volatile boolean installed;

    private static synchronized void install() {
        if (installed) {
            return;
        }
        Logger logger = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                if (event.getFormattedMessage().contains("LEAK")) {
                    REPORTS.add(event.getFormattedMessage());
                }
            }
        };
        appender.setName("netty-leak-guard");
        appender.setContext(logger.getLoggerContext());
        appender.start();
        logger.addAppender(appender);
        installed = true;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        install();
        if (ResourceLeakDetector.getLevel() != ResourceLeakDetector.Level.PARANOID) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        }
        REPORTS.clear();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        provokeReports();
        if (!REPORTS.isEmpty()) {
            String first = REPORTS.get(0);
            int count = REPORTS.size();
            REPORTS.clear();
            throw new AssertionError(count + " Netty buffer leak report(s); first:\n" + first);
        }
    }

    /** Lost buffers are reported only when the detector tracks a new one after they were collected. */
    private static void provokeReports() {
        for (int round = 0; round < 3; round++) {
            System.gc();
            System.runFinalization();
            for (int i = 0; i < 64; i++) {
                ByteBuf a = PooledByteBufAllocator.DEFAULT.directBuffer(16);
                a.release();
                ByteBuf b = UnpooledByteBufAllocator.DEFAULT.heapBuffer(16);
                b.release();
            }
        }
    }
}
