package dev.underpass.cli.testing;

import dev.underpass.cli.UnderpassCli;
import dev.underpass.cli.config.CliEnvironment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Runs the real entry point ({@link UnderpassCli#run}) in this JVM with a given environment and captured streams,
 * as a shell would run {@code underpass ARGS} with those variables.
 */
public final class Cli {
    private final Map<String, String> env;
    private final Path home;

    public Cli(Map<String, String> env, Path home) {
        this.env = Map.copyOf(env);
        this.home = home;
    }

    public CliResult run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = UnderpassCli.run(args, new CliEnvironment(env, home), new PrintWriter(out), new PrintWriter(err));
        return new CliResult(code, out.toString(), err.toString());
    }

    /** Starts a command that keeps running ({@code open --connect}); its output can be read while it runs. */
    public Running start(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> UnderpassCli.run(args,
                new CliEnvironment(env, home), new PrintWriter(out, true), new PrintWriter(err, true)));
        return new Running(exit, out, err);
    }

    /** A command running on another thread; StringWriter is synchronized, so reading while it writes is safe. */
    public record Running(CompletableFuture<Integer> exit, StringWriter out, StringWriter err) {
        public String stdout() {
            return out.toString();
        }

        public String stderr() {
            return err.toString();
        }
    }
}
