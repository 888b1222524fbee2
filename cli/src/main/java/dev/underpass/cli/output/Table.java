package dev.underpass.cli.output;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A fixed-width text table for {@code --output table}: either columns under a header and a rule, or key/value rows
 * without a header. Each column is as wide as its widest cell; cells are never cut (ids, ARNs and tokens must stay
 * whole and copyable), so free text that may be long goes through {@link #abbreviate} first. Control characters
 * print as spaces and empty cells as "-".
 */
public final class Table {
    private static final String SEPARATOR = " | ";
    private static final String ELLIPSIS = "...";
    private static final String EMPTY = "-";

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    private Table(List<String> headers) {
        this.headers = headers;
    }

    /** A table with these column headers. */
    public static Table withColumns(String... headers) {
        return new Table(List.of(headers));
    }

    /** The text, cut to {@code max} characters with "..." when longer; null stays null. */
    public static String abbreviate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - ELLIPSIS.length()) + ELLIPSIS;
    }

    /** A two-column table of labels and values, without a header. */
    public static Table keyValue() {
        return new Table(List.of());
    }

    /** Adds a row; null cells print as "-". */
    public Table row(String... cells) {
        int columns = headers.isEmpty() ? 2 : headers.size();
        if (cells.length != columns) {
            throw new IllegalArgumentException("a row of " + cells.length + " cells in a table of " + columns
                    + " columns");
        }
        rows.add(Arrays.stream(cells).map(Table::clean).toList());
        return this;
    }

    /** The table, one line per row, each line ending in a newline. */
    public String render() {
        int columns = headers.isEmpty() ? 2 : headers.size();
        int[] widths = new int[columns];
        List<List<String>> all = new ArrayList<>();
        if (!headers.isEmpty()) {
            all.add(headers);
        }
        all.addAll(rows);
        for (List<String> row : all) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        if (!headers.isEmpty()) {
            line(out, headers, widths);
            for (int i = 0; i < columns; i++) {
                out.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
            }
            out.append('\n');
        }
        rows.forEach(row -> line(out, row, widths));
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            line.append(i == 0 ? "" : SEPARATOR).append(cells.get(i))
                    .append(" ".repeat(widths[i] - cells.get(i).length()));
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    private static String clean(String cell) {
        if (cell == null || cell.isEmpty()) {
            return EMPTY;
        }
        StringBuilder sb = new StringBuilder(cell.length());
        cell.codePoints().forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return sb.toString();
    }
}
