package dev.underpass.localproxy.bridge;

/** The services configured locally do not fit the services the tunnel carries; the message says how. */
public final class ServiceMismatchException extends RuntimeException {
    public ServiceMismatchException(String message) {
        super(message, null, false, false);
    }
}
