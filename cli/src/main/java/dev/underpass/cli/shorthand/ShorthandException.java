package dev.underpass.cli.shorthand;

/** A shorthand or JSON option value that cannot be read; the message names the bad token and shows an example. */
public final class ShorthandException extends IllegalArgumentException {
    public ShorthandException(String message) {
        super(message);
    }
}
