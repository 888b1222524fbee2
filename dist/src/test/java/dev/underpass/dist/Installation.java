package dev.underpass.dist;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The build's artifacts as the tests see them: the release tarball (unpacked on demand with {@code tar}, keeping
 * its file modes) and the source checkout with its {@code ./underpass} launcher. Paths come from the system
 * properties the dist module's surefire configuration sets.
 */
final class Installation {
    static final String VERSION = System.getProperty("underpass.version");
    static final Path TARBALL = Path.of(System.getProperty("underpass.tarball"));
    static final Path CHECKOUT = Path.of(System.getProperty("underpass.checkout")).toAbsolutePath().normalize();

    private Installation() {
    }

    /** Unpacks the tarball into {@code directory}; returns the installation's home ({@code underpass-VERSION}). */
    static Path unpack(Path directory) throws IOException, InterruptedException {
        try (ChildProcess tar = ChildProcess.start("tar", directory, Map.of(),
                List.of("tar", "xzf", TARBALL.toString()))) {
            int code = tar.awaitExit(Duration.ofSeconds(60));
            if (code != 0) {
                throw new IOException("tar xzf " + TARBALL + " exited " + code + ": " + tar.output());
            }
        }
        return directory.resolve("underpass-" + VERSION);
    }
}
