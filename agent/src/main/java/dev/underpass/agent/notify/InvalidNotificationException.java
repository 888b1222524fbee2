package dev.underpass.agent.notify;

/** A notification payload that is not a usable destination notification; the message never quotes the token. */
public final class InvalidNotificationException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidNotificationException(String reason) {
        super(reason, null, false, false);
    }
}
