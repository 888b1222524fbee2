package dev.underpass.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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
    void aLoneCallerWritesAloneAndAtOnce() throws Exception {
        // However long the wait for company: it applies only right after a shared batch.
        GroupCommit<String> commit = new GroupCommit<>(together::add, alone::add, 64, Duration.ofHours(1));

        callers.submit(() -> {
            commit.write("a");
            commit.write("b");
        }).get(30, TimeUnit.SECONDS);

        assertThat(alone).containsExactly("a", "b");
        assertThat(together).isEmpty();
    }

    @Test
    void aLeaderAloneRightAfterASharedBatchWaitsForTheNextCallerAndSharesItsCommit() throws Exception {
        GroupCommit<String> commit = new GroupCommit<>(together::add, this::heldWhileFirst, 64, Duration.ofHours(1));
        shareOneBatch(commit);

        Future<?> x = callers.submit(() -> commit.write("x"));
        await().until(commit::awaitingCompany);
        assertThat(x).isNotDone();
        Future<?> y = callers.submit(() -> commit.write("y"));
        x.get(30, TimeUnit.SECONDS);
        y.get(30, TimeUnit.SECONDS);

        assertThat(together).hasSize(2);
        assertThat(together.get(1)).containsExactlyInAnyOrder("x", "y");
        assertThat(alone).containsExactly("first");
    }

    @Test
    void aLeaderWhoseWaitForCompanyRunsOutWritesAlone() throws Exception {
        GroupCommit<String> commit = new GroupCommit<>(together::add, this::heldWhileFirst, 64, Duration.ofMillis(1));
        shareOneBatch(commit);

        callers.submit(() -> commit.write("x")).get(30, TimeUnit.SECONDS);

        assertThat(alone).containsExactly("first", "x");
        assertThat(commit.awaitingCompany()).isFalse();
    }

    @Test
    void afterABatchWithoutCompanyTheNextLoneCallerDoesNotWait() throws Exception {
        GroupCommit<String> commit = new GroupCommit<>(together::add, this::heldWhileFirst, 64, Duration.ofHours(1));
        shareOneBatch(commit);
        AtomicReference<Thread> leader = new AtomicReference<>();
        Future<?> x = callers.submit(() -> {
            leader.set(Thread.currentThread());
            commit.write("x");
        });
        await().until(commit::awaitingCompany);
        leader.get().interrupt(); // ends the hour's wait with no company, as its running out would

        x.get(30, TimeUnit.SECONDS);
        callers.submit(() -> commit.write("y")).get(30, TimeUnit.SECONDS); // an hour if it waited again

        assertThat(alone).containsExactly("first", "x", "y");
        assertThat(together).hasSize(1);
    }

    @Test
    void callersThatQueueWhileACommitRunsShareTheNextOneAndReturnOnlyAfterIt() throws Exception {
        GroupCommit<String> commit = new GroupCommit<>(together::add, this::heldWhileFirst, 64, Duration.ZERO);
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
        GroupCommit<String> commit = new GroupCommit<>(together::add, this::heldWhileFirst, 2, Duration.ZERO);
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
        }, 64, Duration.ZERO);
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

    @Test
    void manyCallersAllReturnAndEachOnlyAfterACommitThatHoldsItsItem() throws Exception {
        Set<String> committed = ConcurrentHashMap.newKeySet();
        List<String> everyWrite = new CopyOnWriteArrayList<>();
        GroupCommit<String> commit = new GroupCommit<>(batch -> {
            everyWrite.addAll(batch);
            committed.addAll(batch);
        }, item -> {
            everyWrite.add(item);
            committed.add(item);
        }, 8, Duration.ZERO);
        List<String> notYetCommittedOnReturn = new CopyOnWriteArrayList<>();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            int thread = t;
            futures.add(callers.submit(() -> {
                for (int i = 0; i < 500; i++) {
                    String item = thread + "-" + i;
                    commit.write(item);
                    if (!committed.contains(item)) {
                        notYetCommittedOnReturn.add(item);
                    }
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS); // a lost wake-up would hang a caller here
        }

        assertThat(notYetCommittedOnReturn).isEmpty();
        assertThat(everyWrite).hasSize(16 * 500).doesNotHaveDuplicates();
        assertThat(commit.queued()).isZero();
    }

    /** Writes alone; the item "first" waits for {@link #release} once written, while it leads. */
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

    /** "first" leads and is held while "b" and "c" queue; then they share the next batch. */
    private void shareOneBatch(GroupCommit<String> commit) throws Exception {
        Future<?> first = callers.submit(() -> commit.write("first"));
        await().until(() -> alone.contains("first"));
        List<Future<?>> rest = submit(commit, "b", "c");
        await().until(() -> commit.queued() == 2);
        release.countDown();
        first.get(30, TimeUnit.SECONDS);
        for (Future<?> f : rest) {
            f.get(30, TimeUnit.SECONDS);
        }
        assertThat(together).singleElement().satisfies(batch -> assertThat(batch).containsExactlyInAnyOrder("b", "c"));
    }

    private List<Future<?>> submit(GroupCommit<String> commit, String... items) {
        List<Future<?>> futures = new ArrayList<>();
        for (String item : items) {
            futures.add(callers.submit(() -> commit.write(item)));
        }
        return futures;
    }
}
