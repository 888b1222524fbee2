package dev.underpass.demo;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;

/**
 * The reason the demo stops, and a way to wait for it: Ctrl-C (SIGINT), SIGTERM, the end of standard input
 * (Ctrl-D) when watched, or whatever else {@link #trigger}s it. The first reason wins. Signals are handled here
 * rather than by shutdown hooks so that the demo closes its tunnel and exits with 0; a second signal while stopping
 * ends the process at once.
 */
final class StopSignal {
    /** What a second Ctrl-C exits with: 128 + SIGINT, as the shell reports an interrupted program. */
    static final int FORCED_EXIT = 130;

    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicReference<String> reason = new AtomicReference<>();
    private final AtomicBoolean signalled = new AtomicBoolean();

    /** Stops with {@code why} unless something else stopped it first; a later call does nothing. */
    void trigger(String why) {
        if (reason.compareAndSet(null, why)) {
            stopped.countDown();
        }
    }

    /**
     * Handles SIGINT and SIGTERM from now on. A second signal ends the process without cleaning up — only a second
     * signal: one that comes after another reason (say, the end of input) is the person's first and stops normally.
     */
    StopSignal onSignals() {
        for (String name : new String[] {"INT", "TERM"}) {
            Signal.handle(new Signal(name), signal -> {
                if (signalled.getAndSet(true)) {
                    System.err.println("underpass demo: SIG" + name + " again: stopping now, without cleaning up");
                    Runtime.getRuntime().halt(FORCED_EXIT);
                }
                trigger("SIG" + name);
            });
        }
        return this;
    }

    /** Stops at the end of {@code in}, read on a daemon thread (which never keeps the process alive). */
    StopSignal onEndOf(InputStream in) {
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[256];
            try {
                while (in.read(buffer) >= 0) {
                    // what the person types is not for us: only the end of input means something
                }
                trigger("end of input");
            } catch (IOException e) {
                trigger("standard input failed: " + e.getMessage());
            }
        }, "demo-stdin");
        reader.setDaemon(true);
        reader.start();
        return this;
    }

    /** Waits until a reason arrives and returns it. */
    String await() throws InterruptedException {
        stopped.await();
        return reason.get();
    }

    /** The reason, or null while running. */
    String reason() {
        return reason.get();
    }
}
