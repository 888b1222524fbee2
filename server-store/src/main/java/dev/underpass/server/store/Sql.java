package dev.underpass.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import javax.sql.DataSource;

/**
 * Runs JDBC work on pooled connections, in auto-commit or in one transaction, and binds parameters the same way on
 * H2 and PostgreSQL. Instants are kept to the microsecond (PostgreSQL's precision) and stored as
 * {@code TIMESTAMP WITH TIME ZONE}.
 */
final class Sql {

    /** Work on one connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;

    Sql(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs {@code work} with each statement committed on its own. */
    <T> T autoCommit(String operation, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw StoreException.of(operation, e);
        }
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    <T> T transaction(String operation, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw StoreException.of(operation, e);
        }
    }

    /** Executes an INSERT, UPDATE or DELETE and returns the number of rows it changed. */
    static int update(Connection connection, String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, params);
            return statement.executeUpdate();
        }
    }

    /**
     * Binds parameters by their Java type. {@code null} binds as a VARCHAR null: the only nullable parameters are
     * strings.
     */
    static void bind(PreparedStatement statement, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object param = params[i];
            int index = i + 1;
            if (param == null) {
                statement.setNull(index, Types.VARCHAR);
            } else if (param instanceof String s) {
                statement.setString(index, s);
            } else if (param instanceof Instant instant) {
                statement.setObject(index, toDb(instant));
            } else if (param instanceof Boolean b) {
                statement.setBoolean(index, b);
            } else if (param instanceof Integer n) {
                statement.setInt(index, n);
            } else if (param instanceof Long n) {
                statement.setLong(index, n);
            } else if (param instanceof Enum<?> e) {
                statement.setString(index, e.name());
            } else {
                throw new IllegalArgumentException("cannot bind a " + param.getClass().getName());
            }
        }
    }

    /** {@code (?, ?, ...)} with {@code count} markers, for an IN list; {@code count} is at least 1. */
    static String markers(int count) {
        return "(" + String.join(", ", Collections.nCopies(count, "?")) + ")";
    }

    /** The instant as the store keeps it: truncated to the microsecond. */
    static Instant stored(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime toDb(Instant instant) {
        return OffsetDateTime.ofInstant(stored(instant), ZoneOffset.UTC);
    }
}
