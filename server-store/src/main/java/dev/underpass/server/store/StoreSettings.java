package dev.underpass.server.store;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How to reach the database: an H2 file database by default ({@link #h2File}), PostgreSQL when given a
 * {@code jdbc:postgresql:} URL. The password never appears in {@link #toString()}, nor does a password written into
 * the URL.
 *
 * @param jdbcUrl  a {@code jdbc:h2:} or {@code jdbc:postgresql:} URL
 * @param user     the database user
 * @param password the user's password, possibly empty; secret
 * @param poolSize the most connections kept open, at least 1
 */
public record StoreSettings(String jdbcUrl, String user, String password, int poolSize) {

    /** Connections in the pool unless configured: plenty for the control plane and the relay's admissions. */
    public static final int DEFAULT_POOL_SIZE = 8;
    /** The file name, without H2's {@code .mv.db} suffix, of the database inside the data directory. */
    public static final String H2_FILE_NAME = "underpass";
    /** The user of the H2 file database; the file's permissions protect it, so the password is empty. */
    public static final String H2_USER = "underpass";

    /*
     * WRITE_DELAY=0: a commit reaches the file before the call returns, so a kill -9 loses no issued tunnel (the
     * MVStore format itself stays consistent after a crash). DB_CLOSE_ON_EXIT=FALSE: the store closes the database by
     * closing its pool, not H2's own shutdown hook racing the server's. LOCK_TIMEOUT: racing updates of one row wait
     * for each other instead of failing after H2's default of one second. TRACE_LEVEL_FILE=0: H2's own trace file
     * would record rejected values, token hashes among them; its errors reach the store as exceptions anyway.
     */
    private static final String H2_OPTIONS =
            ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;LOCK_TIMEOUT=10000;TRACE_LEVEL_FILE=0";
    private static final Pattern PASSWORD_IN_URL = Pattern.compile("(?i)(password=)[^&;]*");

    public StoreSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        DatabaseKind.of(jdbcUrl);
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1, was " + poolSize);
        }
    }

    /** The H2 file database {@value #H2_FILE_NAME} in {@code dataDir}, with the default pool size. */
    public static StoreSettings h2File(Path dataDir) {
        String dir = dataDir.toAbsolutePath().normalize().toString();
        if (dir.indexOf(';') >= 0) {
            throw new IllegalArgumentException("the data directory must not contain ';' (H2 reads it as an option): "
                    + dir);
        }
        return new StoreSettings("jdbc:h2:file:" + dir + "/" + H2_FILE_NAME + H2_OPTIONS, H2_USER, "",
                DEFAULT_POOL_SIZE);
    }

    /** A PostgreSQL database, with the default pool size. */
    public static StoreSettings postgres(String jdbcUrl, String user, String password) {
        return new StoreSettings(jdbcUrl, user, password, DEFAULT_POOL_SIZE);
    }

    /** The same settings with another pool size. */
    public StoreSettings withPoolSize(int size) {
        return new StoreSettings(jdbcUrl, user, password, size);
    }

    /** Which database the URL names. */
    public DatabaseKind kind() {
        return DatabaseKind.of(jdbcUrl);
    }

    /** The URL with any {@code password=} value masked, fit for logs. */
    public String maskedJdbcUrl() {
        return PASSWORD_IN_URL.matcher(jdbcUrl).replaceAll("$1MASKED");
    }

    @Override
    public String toString() {
        return "StoreSettings[jdbcUrl=" + maskedJdbcUrl() + ", user=" + user + ", password=MASKED, poolSize="
                + poolSize + "]";
    }
}
