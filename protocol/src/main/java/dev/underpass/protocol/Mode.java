package dev.underpass.protocol;

import java.util.Locale;
import java.util.Optional;

/** The two sides of a tunnel, as named by the {@code local-proxy-mode} query parameter and the API's client modes. */
public enum Mode {
    SOURCE("source"),
    DESTINATION("destination");

    private final String wireName;

    Mode(String wireName) {
        this.wireName = wireName;
    }

    /** The lower-case name used on the wire ({@code source} or {@code destination}). */
    public String wireName() {
        return wireName;
    }

    /** The other side of the tunnel. */
    public Mode peer() {
        return this == SOURCE ? DESTINATION : SOURCE;
    }

    /** Parses a wire name case-insensitively; empty when the value names no mode. */
    public static Optional<Mode> fromWireName(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String lower = value.toLowerCase(Locale.ROOT);
        for (Mode mode : values()) {
            if (mode.wireName.equals(lower)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
