package dev.underpass.server.store;

import java.util.Locale;

/** The databases the store runs on, told apart by the JDBC URL's prefix. */
public enum DatabaseKind {
    H2("jdbc:h2:"),
    POSTGRESQL("jdbc:postgresql:");

    private final String urlPrefix;

    DatabaseKind(String urlPrefix) {
        this.urlPrefix = urlPrefix;
    }

    /** The kind of database a JDBC URL names; throws for any other database. */
    public static DatabaseKind of(String jdbcUrl) {
        String lower = jdbcUrl.toLowerCase(Locale.ROOT);
        for (DatabaseKind kind : values()) {
            if (lower.startsWith(kind.urlPrefix)) {
                return kind;
            }
        }
        int scheme = lower.indexOf(':', lower.indexOf(':') + 1);
        String shown = scheme > 0 ? jdbcUrl.substring(0, scheme + 1) : "a URL without a jdbc:<database>: prefix";
        throw new IllegalArgumentException("unsupported database URL " + shown
                + " - use jdbc:postgresql://host:port/db, or leave it unset for the H2 file database");
    }
}
