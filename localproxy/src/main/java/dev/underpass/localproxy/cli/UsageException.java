package dev.underpass.localproxy.cli;

import java.util.List;

/** Bad flags, config file or environment: every problem found, each one line naming the bad value. */
public final class UsageException extends Exception {
    private final List<String> problems;

    public UsageException(List<String> problems) {
        super(String.join("; ", problems), null, false, false);
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
