package dev.underpass.demo;

import java.util.regex.Pattern;

/** Quotes words for a POSIX shell, so that printed commands can be pasted as they are. */
final class ShellWords {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_./:=@,+%-]+");

    private ShellWords() {
    }

    /** The word itself when it needs no quoting, else in single quotes (a quote inside becomes '\''). */
    static String quote(String word) {
        if (SAFE.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
