package dev.underpass.agent;

/**
 * Entry point of the standalone jar ({@code java -jar underpass-agent.jar --config FILE}): logs to stderr with the
 * bundled logback config unless {@code -Dlogback.configurationFile} names another, runs {@link AgentCommand}, and
 * exits with its code.
 */
public final class AgentMain {
    private static final String LOGBACK_PROPERTY = "logback.configurationFile";
    private static final String LOGBACK_CONFIG = "underpass-agent-logback.xml";

    private AgentMain() {
    }

    public static void main(String[] args) {
        if (System.getProperty(LOGBACK_PROPERTY) == null) {
            System.setProperty(LOGBACK_PROPERTY, LOGBACK_CONFIG); // before the first logger exists
        }
        System.exit(AgentCommand.commandLine().execute(args));
    }
}
