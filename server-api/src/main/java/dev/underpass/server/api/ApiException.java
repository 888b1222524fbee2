package dev.underpass.server.api;

import java.util.Objects;

/**
 * A failure the caller is told about: an AWS error name and a message that says what was wrong and with which
 * value. Messages are shown to API users as they are, so they never carry secrets, signatures or internals.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorType type;

    public ApiException(ErrorType type, String message) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.type = Objects.requireNonNull(type, "type");
    }

    public ErrorType type() {
        return type;
    }

    public static ApiException notFound(String message) {
        return new ApiException(ErrorType.RESOURCE_NOT_FOUND, message);
    }

    public static ApiException serialization(String message) {
        return new ApiException(ErrorType.SERIALIZATION, message);
    }

    public static ApiException validation(String message) {
        return new ApiException(ErrorType.VALIDATION, message);
    }
}
