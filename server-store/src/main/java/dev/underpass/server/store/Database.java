package dev.underpass.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the database: a HikariCP pool for the settings' URL, then Flyway brings the schema up to date from
 * {@code db/migration}. The returned store owns the pool: closing the store closes the pool, and with it an H2
 * database.
 */
public final class Database {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final String POOL_NAME = "underpass-store";
    private static final String MIGRATIONS = "classpath:db/migration";

    private Database() {
    }

    /**
     * Connects, migrates the schema and returns the tunnel store. Fails at once when the database cannot be reached
     * or its schema is newer than this build knows.
     */
    public static JdbcTunnelStore open(StoreSettings settings) {
        HikariDataSource pool = pool(settings);
        try {
            MigrateResult result = Flyway.configure()
                    .dataSource(pool)
                    .locations(MIGRATIONS)
                    .load()
                    .migrate();
            String version = result.targetSchemaVersion != null ? result.targetSchemaVersion
                    : result.initialSchemaVersion;
            LOG.info("Tunnel store on {} {} at schema version {} ({} migration(s) applied now)",
                    settings.kind(), settings.maskedJdbcUrl(), version, result.migrationsExecuted);
            return new JdbcTunnelStore(pool, pool, settings.kind());
        } catch (FlywayException e) {
            pool.close();
            throw StoreException.of("migrating the schema", e);
        } catch (RuntimeException | Error e) {
            pool.close();
            throw e;
        }
    }

    private static HikariDataSource pool(StoreSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(POOL_NAME);
        config.setJdbcUrl(settings.jdbcUrl());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.poolSize());
        if (settings.kind() == DatabaseKind.POSTGRESQL) {
            // Keeps the server's error details, which can quote a bound token hash, out of exception messages.
            config.addDataSourceProperty("logServerErrorDetail", "false");
        }
        return new HikariDataSource(config);
    }
}
