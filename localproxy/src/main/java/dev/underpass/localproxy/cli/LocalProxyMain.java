package dev.underpass.localproxy.cli;

/**
 * Entry point of the standalone jar ({@code java -jar underpass-localproxy.jar …}): logs to stderr as
 * {@link StderrLogging} sets up unless {@code -Dlogback.configurationFile} names a logback config, runs
 * {@link LocalProxyCommand}, and exits with its code.
 */
public final class LocalProxyMain {
    private static final String LOGBACK_PROPERTY = "logback.configurationFile";

    private LocalProxyMain() {
    }

    public static void main(String[] args) {
        if (System.getProperty(LOGBACK_PROPERTY) == null) {
            System.setProperty(StderrLogging.PROPERTY, StderrLogging.STDERR); // before the first logger exists
        }
        System.exit(LocalProxyCommand.commandLine(System.getenv()).execute(args));
    }
}
