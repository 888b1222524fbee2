package dev.underpass.server.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.underpass.protocol.Mode;
import dev.underpass.protocol.testing.NettyLeakGuard;
import dev.underpass.server.relay.TestAuthority.Event;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NettyLeakGuard.class)
class ConnectionStateReporterTest {
    private final TestAuthority authority = new TestAuthority();
    /** Runs tasks only when the test says so. */
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private final ConnectionStateReporter reporter = new ConnectionStateReporter(authority, tasks::add);

    private static Event up(String tunnel) {
        return new Event(tunnel, Mode.SOURCE, true);
    }

    private static Event down(String tunnel) {
        return new Event(tunnel, Mode.SOURCE, false);
    }

    private void runAll() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            task.run();
        }
    }

    @Test
    void changesArriveInTheOrderTheyHappened() {
        reporter.report("t", Mode.SOURCE, true);
        runAll();
        reporter.report("t", Mode.SOURCE, false);
        reporter.report("t", Mode.SOURCE, true);
        runAll();

        assertThat(authority.events).containsExactly(up("t"), down("t"), up("t"));
    }

    @Test
    void onlyOneTaskPerSideRunsAtATime() {
        reporter.report("t", Mode.SOURCE, true);
        reporter.report("t", Mode.SOURCE, false);
        reporter.report("t", Mode.DESTINATION, true);

        assertThat(tasks).hasSize(2);
        runAll();
        assertThat(authority.events).containsExactly(up("t"), down("t"), new Event("t", Mode.DESTINATION, true));
    }

    @Test
    void aBacklogKeepsAtMostTwoChangesAndAlwaysTheLastState() {
        reporter.report("t", Mode.SOURCE, true);
        reporter.report("t", Mode.SOURCE, false);
        reporter.report("t", Mode.SOURCE, true);
        reporter.report("t", Mode.SOURCE, false);
        reporter.report("t", Mode.SOURCE, true);
        reporter.report("t", Mode.SOURCE, false);

        runAll();

        assertThat(authority.events).containsExactly(up("t"), down("t"));
    }

    @Test
    void aFailingAuthorityDoesNotStopLaterChanges() {
        boolean[] failed = {false};
        ConnectionStateReporter failingFirst = new ConnectionStateReporter(new TunnelAuthority() {
            @Override
            public Admission admit(String accessToken, Mode mode, String clientToken) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void connectionChanged(String tunnelId, Mode side, boolean connected) {
                if (!failed[0]) {
                    failed[0] = true;
                    throw new IllegalStateException("database down");
                }
                authority.connectionChanged(tunnelId, side, connected);
            }
        }, tasks::add);

        failingFirst.report("t", Mode.SOURCE, true);
        failingFirst.report("t", Mode.SOURCE, false);
        runAll();

        assertThat(authority.events).containsExactly(down("t"));
    }

    @Test
    void aRejectingExecutorLosesTheChangeButNotTheLane() {
        boolean[] reject = {true};
        ConnectionStateReporter flaky = new ConnectionStateReporter(authority, task -> {
            if (reject[0]) {
                throw new RejectedExecutionException("shut down");
            }
            task.run();
        });

        flaky.report("t", Mode.SOURCE, true);
        reject[0] = false;
        flaky.report("t", Mode.SOURCE, false);

        assertThat(authority.events).containsExactly(down("t"));
    }

    @Test
    void manyThreadsReportingStillEndInTheLastState() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            ConnectionStateReporter concurrent = new ConnectionStateReporter(authority, pool);
            for (int i = 0; i < 1000; i++) {
                concurrent.report("t", Mode.SOURCE, i % 2 == 0);
            }

            await().untilAsserted(() -> assertThat(authority.events).last().isEqualTo(down("t")));
            for (int i = 1; i < authority.events.size(); i++) {
                assertThat(authority.events.get(i).connected()).isNotEqualTo(authority.events.get(i - 1).connected());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
