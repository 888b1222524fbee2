package dev.underpass.server.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects constraint violations of one request and reports them all at once, worded as AWS words them:
 * {@code 1 validation error detected: Value 'a b' at 'destinationConfig.thingName' failed to satisfy constraint:
 * Member must satisfy regular expression pattern: [a-zA-Z0-9:_-]+}.
 */
public final class Violations {
    /** Longer values are cut in messages, so that a huge bad value does not come back whole. */
    static final int MAX_ECHOED_CHARS = 256;

    private final List<String> found = new ArrayList<>();

    /** Records a violation of {@code constraint} ("Member must ...") by {@code value} at {@code path}. */
    public void add(String path, Object value, String constraint) {
        found.add("Value " + render(value) + " at '" + path + "' failed to satisfy constraint: " + constraint);
    }

    /** False (and a violation recorded) when {@code value} is null. */
    public boolean required(String path, Object value) {
        if (value == null) {
            add(path, null, "Member must not be null");
            return false;
        }
        return true;
    }

    /** Checks the length of a string in code points, then its pattern; the pattern is skipped if null. */
    public void string(String path, String value, int min, int max, Pattern pattern) {
        if (value == null) {
            return;
        }
        int length = value.codePointCount(0, value.length());
        if (length < min) {
            add(path, value, "Member must have length greater than or equal to " + min);
        } else if (length > max) {
            add(path, value, "Member must have length less than or equal to " + max);
        } else if (pattern != null && !pattern.matcher(value).matches()) {
            add(path, value, "Member must satisfy regular expression pattern: " + pattern.pattern());
        }
    }

    /** Checks the number of items of a list. */
    void size(String path, Collection<?> value, int min, int max) {
        if (value == null) {
            return;
        }
        if (value.size() < min) {
            add(path, value, "Member must have length greater than or equal to " + min);
        } else if (value.size() > max) {
            add(path, value, "Member must have length less than or equal to " + max);
        }
    }

    /** Checks that a number lies in {@code [min, max]}. */
    public void range(String path, Long value, long min, long max) {
        if (value == null) {
            return;
        }
        if (value < min) {
            add(path, value, "Member must have value greater than or equal to " + min);
        } else if (value > max) {
            add(path, value, "Member must have value less than or equal to " + max);
        }
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    /** Throws {@code ValidationException} listing every violation, if there is any. */
    public void throwIfAny() {
        if (!found.isEmpty()) {
            throw ApiException.validation(message());
        }
    }

    String message() {
        String count = found.size() == 1 ? "1 validation error detected: " : found.size() + " validation errors detected: ";
        return count + String.join("; ", found);
    }

    /** A value as AWS shows it: {@code 'text'}, {@code '[a, b]'} or {@code null}, cut when very long. */
    static String render(Object value) {
        if (value == null) {
            return "null";
        }
        String text = String.valueOf(value);
        if (text.length() > MAX_ECHOED_CHARS) {
            int cut = Character.isHighSurrogate(text.charAt(MAX_ECHOED_CHARS - 1)) ? MAX_ECHOED_CHARS - 1 : MAX_ECHOED_CHARS;
            text = text.substring(0, cut) + "... (" + text.length() + " characters)";
        }
        return "'" + text + "'";
    }
}
