package dev.underpass.server.store;

import java.sql.SQLException;

/**
 * A database failure in the tunnel store. The message names the operation and the SQLState.
 *
 * <p>Drivers write bound values into the messages of constraint violations and data errors (SQLState classes 22
 * and 23), and a bound value may be a token hash; for those the driver's exception is left out of the cause chain,
 * so that neither the message nor a logged stack trace can leak one.
 */
public final class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String sqlState;

    private StoreException(String message, String sqlState, Throwable cause) {
        super(message, cause);
        this.sqlState = sqlState;
    }

    static StoreException of(String operation, SQLException e) {
        String state = e.getSQLState();
        if (mayEchoValues(state)) {
            return new StoreException("tunnel store: " + operation + " failed with SQLState " + state
                    + " (a constraint violation or bad value; details withheld as they may hold secrets)", state, null);
        }
        return new StoreException("tunnel store: " + operation + " failed with SQLState " + state, state, e);
    }

    static StoreException of(String operation, RuntimeException cause) {
        return new StoreException("tunnel store: " + operation + " failed: " + cause.getMessage(), null, cause);
    }

    static StoreException of(String operation, String problem) {
        return new StoreException("tunnel store: " + operation + " failed: " + problem, null, null);
    }

    /** The SQLState reported by the database, or {@code null} when the failure did not come from it. */
    public String sqlState() {
        return sqlState;
    }

    /**
     * Whether the database refused the write on a constraint (SQLState class 23: a unique key taken, a missing
     * reference, ...), e.g. because a concurrent writer got there first.
     */
    public boolean isConstraintViolation() {
        return sqlState != null && sqlState.startsWith("23");
    }

    private static boolean mayEchoValues(String state) {
        return state == null || state.startsWith("22") || state.startsWith("23");
    }
}
