package dev.underpass.agent.exec;

import dev.underpass.agent.tunnels.RunningTunnel;
import dev.underpass.agent.tunnels.TunnelState;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** An external proxy process; closing it asks it to stop (SIGTERM) and kills it if it has not stopped in time. */
final class ProcessTunnel implements RunningTunnel {
    static final long TERMINATE_TIMEOUT_SECONDS = 5;

    private final Process process;
    private final CompletableFuture<Integer> exit;

    ProcessTunnel(Process process) {
        this.process = process;
        this.exit = process.onExit().thenApply(Process::exitValue);
    }

    @Override
    public CompletableFuture<Integer> exit() {
        return exit;
    }

    @Override
    public TunnelState state() {
        return TunnelState.EXTERNAL;
    }

    @Override
    public Optional<String> failure() {
        return exit.isDone() && exit.join() != 0
                ? Optional.of("the proxy process " + process.pid() + " exited with code " + exit.join())
                : Optional.empty();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            exit.get(TERMINATE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            exit.completeOnTimeout(-1, TERMINATE_TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // onExit does not fail
        }
    }
}
