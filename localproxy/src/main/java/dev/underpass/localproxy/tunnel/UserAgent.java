package dev.underpass.localproxy.tunnel;

/** The {@code User-Agent} of the handshake: name and version, as AWS's localproxy sends its own. */
final class UserAgent {
    static final String VALUE = "underpass-localproxy/" + version() + " java/" + Runtime.version().feature();

    private UserAgent() {
    }

    private static String version() {
        String v = UserAgent.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
