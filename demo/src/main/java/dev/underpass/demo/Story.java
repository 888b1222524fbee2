package dev.underpass.demo;

import java.io.PrintStream;

/**
 * What the demo tells the person watching, on standard output: numbered steps with a short title and what happened,
 * continuation lines indented under them. Logs go to standard error, so the story stays readable.
 */
final class Story {
    private static final String TITLE_FORMAT = "[%d/%d] %-14s %s%n";
    private static final String INDENT = "                      ";

    private final PrintStream out;
    private final int steps;
    private int step;

    Story(PrintStream out, int steps) {
        this.out = out;
        this.steps = steps;
    }

    /** Starts the next step. */
    void step(String title, String what) {
        out.printf(TITLE_FORMAT, ++step, steps, title, what);
        out.flush();
    }

    /** A line under the current step. */
    void detail(String line) {
        out.println(INDENT + line);
        out.flush();
    }

    /** A line of its own. */
    void line(String line) {
        out.println(line);
        out.flush();
    }
}
