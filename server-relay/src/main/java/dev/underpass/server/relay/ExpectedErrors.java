package dev.underpass.server.relay;

import java.io.IOException;

/** Tells the errors every long-lived connection meets (resets, closed channels, TLS aborts) from real faults. */
final class ExpectedErrors {
    private ExpectedErrors() {
    }

    /** Whether {@code error} or one of its causes is an I/O error: noise, logged at debug. */
    static boolean isNoise(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
