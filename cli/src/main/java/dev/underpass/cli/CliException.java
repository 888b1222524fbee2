package dev.underpass.cli;

/**
 * A failure to report to the user as one message on stderr, with the exit code it ends in. The message says what
 * was wrong and what to do; it never holds a secret and is printed without a stack trace.
 */
public final class CliException extends RuntimeException {
    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    /** One of {@link ExitCodes}. */
    public int exitCode() {
        return exitCode;
    }
}
