package dev.underpass.server.store;

/** A {@code nextToken} given to {@link TunnelStore#list} that this store did not issue. */
public final class InvalidNextTokenException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    InvalidNextTokenException(String message) {
        super(message);
    }
}
