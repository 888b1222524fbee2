package dev.underpass.localproxy.cli;

/**
 * Entry point of the standalone jar ({@code java -jar underpass-localproxy.jar …}): logs to stderr with the
 * bundled logback config unless {@code -Dlogback.configurationFile} names another, runs {@link LocalProxyCommand},
 * and exits with its code.
 */
public final class LocalProxyMain {
    private static final String LOGBACK_PROPERTY = "logback.configurationFile";
    private static final String LOGBACK_CONFIG = "underpass-localproxy-logback.xml";

    private LocalProxyMain() {
    }

    public static void main(String[] args) {
        if (System.getProperty(LOGBACK_PROPERTY) == null) {
            System.setProperty(LOGBACK_PROPERTY, LOGBACK_CONFIG); // before the first logger exists
        }
        System.exit(LocalProxyCommand.commandLine(System.getenv()).execute(args));
    }
}
