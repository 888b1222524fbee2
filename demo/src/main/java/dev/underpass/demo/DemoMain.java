package dev.underpass.demo;

/**
 * Entry point of {@code underpass demo}: logs to stderr with the bundled logback config unless
 * {@code -Dlogback.configurationFile} names another, runs {@link DemoCommand} with the process's streams and
 * environment, and exits with its code.
 */
public final class DemoMain {
    private static final String LOGBACK_PROPERTY = "logback.configurationFile";
    private static final String LOGBACK_CONFIG = "underpass-demo-logback.xml";

    private DemoMain() {
    }

    public static void main(String[] args) {
        if (System.getProperty(LOGBACK_PROPERTY) == null) {
            System.setProperty(LOGBACK_PROPERTY, LOGBACK_CONFIG); // before the first logger exists
        }
        System.exit(DemoCommand.commandLine(System.out, System.err, System.in, System.getenv(), true)
                .execute(args));
    }
}
