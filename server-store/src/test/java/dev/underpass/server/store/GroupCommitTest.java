package dev.underpass.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Group commit without a database: the first caller's write is held open while others queue up behind it, so the
 * batches the callers share are known exactly.
 */
class GroupCommitTest {
    private final ExecutorService callers = Executors.newCachedThreadPool();
    private final List<List<String>> together = new CopyOnWriteArrayList<>();
    private final List<String> alone = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        callers.shutdownNow();
    }

    @Test
    void aLoneCallerWritesAloneAndAtOnce() {
        GroupCommit<String> commit = new GroupCommit<>(together::add, alone::add, 64);

        commit.write("a");

        assertThat(alone).containsExactly("a");
        assertThat(together).isEmpty();
    }

    @Test
    void callersThatQueueWhileACommitRunsShareTheNextOneAndReturnOnlyAfterIt() throws Exception {
        GroupCommit<String> commit = new GroupCommit<>(together::add, this::heldWhileFirst, 64);
        Future<?> first = callers.submit(() -> commit.write("first"));
        await().until(() -> alone.contains("first"));
        List<Future<?>> rest = submit(commit, "b", "c", "d", "e");
        await().until(() -> commit.queued() == 4);

        assertThat(rest).noneMatch(Future::isDone); // none returns before a commit that includes it
        release.countDown();
        first.get(10, TimeUnit.SECONDS);
        for (Future<?> f : rest) {
            f.get(10, TimeUnit.SECONDS);
        }

        assertThat(together).hasSize(1);
        assertThat(together.get(0)).containsExactlyInAnyOrder("b", "c", "d", "e");
        assertThat(alone).containsExactly("first");
    }

    @Test
    void aBatchIsNeverLargerThanTheMaximum() throws Exception {
        GroupCommit<String> commit = new GroupCommit<>(together::add, this::heldWhileFirst, 2);
        Future<?> first = callers.submit(() -> commit.write("first"));
        await().until(() -> alone.contains("first"));
        List<Future<?>> rest = submit(commit, "b", "c", "d", "e", "f");
        await().until(() -> commit.queued() == 5);

        release.countDown();
        first.get(10, TimeUnit.SECONDS);
        for (Future<?> f : rest) {
            f.get(10, TimeUnit.SECONDS);
        }

        assertThat(together).hasSize(2).allSatisfy(batch -> assertThat(batch).hasSize(2));
        assertThat(alone).hasSize(2).contains("first"); // the fifth of the queued went alone
        List<String> all = new ArrayList<>(alone);
        together.forEach(all::addAll);
        assertThat(all).containsExactlyInAnyOrder("first", "b", "c", "d", "e", "f");
    }

    @Test
    void anItemThatCannotBeWrittenFailsOnlyItsOwnCaller() throws Exception {
        GroupCommit<String> commit = new GroupCommit<>(batch -> {
            if (batch.contains("bad")) {
                throw new IllegalStateException("the batch holds a bad item");
            }
            together.add(batch);
        }, item -> {
            heldWhileFirst(item);
            if (item.equals("bad")) {
                throw new IllegalStateException("bad alone");
            }
        }, 64);
        Future<?> first = callers.submit(() -> commit.write("first"));
        await().until(() -> alone.contains("first"));
        List<Future<?>> rest = submit(commit, "b", "bad", "d");
        await().until(() -> commit.queued() == 3);

        release.countDown();
        first.get(10, TimeUnit.SECONDS);

        assertThat(rest.get(0).get(10, TimeUnit.SECONDS)).isNull();
        assertThatThrownBy(() -> rest.get(1).get(10, TimeUnit.SECONDS)).hasRootCauseMessage("bad alone");
        assertThat(rest.get(2).get(10, TimeUnit.SECONDS)).isNull();
        assertThat(together).isEmpty(); // the shared attempt failed as a whole
        assertThat(alone).containsExactlyInAnyOrder("first", "b", "bad", "d");
    }

    /** Writes alone; the item "first" waits for {@link #release} once written, holding the writer lock. */
    private void heldWhileFirst(String item) {
        alone.add(item);
        if (item.equals("first")) {
            try {
                assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private List<Future<?>> submit(GroupCommit<String> commit, String... items) {
        List<Future<?>> futures = new ArrayList<>();
        for (String item : items) {
            futures.add(callers.submit(() -> commit.write(item)));
        }
        return futures;
    }
}
