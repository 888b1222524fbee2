package dev.underpass.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A throw-away PostgreSQL (zonky's embedded binaries, as the e2e tests use) on loopback for the OpenTunnel rate on
 * PostgreSQL. Prints its JDBC URL, then lives until it is stopped (SIGTERM stops PostgreSQL too) or
 * {@code maxSeconds} pass.
 */
final class Postgres {
    static final String DATABASE = "underpass";

    private Postgres() {
    }

    static void run(int maxSeconds) throws IOException, SQLException, InterruptedException {
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pg.close();
            } catch (IOException e) {
                System.err.println("postgres: could not stop: " + e.getMessage());
            }
        }, "postgres-stop"));
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + DATABASE);
        }
        System.out.println("postgres jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/" + DATABASE);
        System.out.flush();
        Thread.sleep(maxSeconds * 1000L); // serving is PostgreSQL's job; this process only keeps it alive
        System.exit(0);
    }
}
