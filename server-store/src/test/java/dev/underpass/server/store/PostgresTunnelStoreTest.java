package dev.underpass.server.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store contract on a real PostgreSQL server: zonky's embedded PostgreSQL binaries, started once for the class,
 * with a new schema per test (a new database per test costs PostgreSQL a checkpoint each). Running as root works: zonky then starts initdb and postgres under
 * {@code unshare -U}, where they are not root. A server that cannot start fails every test; nothing is skipped.
 */
class PostgresTunnelStoreTest extends TunnelStoreContract {

    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.builder()
                .setServerConfig("fsync", "off") // a test server: durability is the database's job, not ours
                .setServerConfig("synchronous_commit", "off")
                .start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    protected StoreSettings freshDatabase() throws SQLException {
        String schema = "contract_" + SCHEMAS.incrementAndGet();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        }
        String url = postgres.getJdbcUrl("postgres", "postgres") + "&currentSchema=" + schema;
        return StoreSettings.postgres(url, "postgres", "").withPoolSize(4);
    }
}
