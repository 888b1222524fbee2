package dev.underpass.server.mqtt.gate;

/** Why the gate turned a device connection away; the message is for the log and names no secret. */
final class Refusal extends Exception {
    enum Reason {
        NO_CERTIFICATE, WRONG_CA, UNKNOWN_CERTIFICATE, INACTIVE_CERTIFICATE, CLIENT_ID_MISMATCH, FORBIDDEN_WILL,
        BAD_CONNECT, UNAVAILABLE;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Reason reason;

    Refusal(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    Reason reason() {
        return reason;
    }
}
