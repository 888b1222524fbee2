package dev.underpass.cli.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void columnsAreAsWideAsTheirWidestCell() {
        String table = Table.withColumns("A", "LONG HEADER", "C")
                .row("wide cell", "x", null)
                .row("y", "", "last")
                .render();

        assertThat(table).isEqualTo("""
                A         | LONG HEADER | C
                ----------+-------------+-----
                wide cell | x           | -
                y         | -           | last
                """);
    }

    @Test
    void keyValueTablesHaveNoHeader() {
        assertThat(Table.keyValue().row("Status", "OPEN").row("Description", "laptop").render()).isEqualTo("""
                Status      | OPEN
                Description | laptop
                """);
    }

    @Test
    void controlCharactersPrintAsSpacesAndLongCellsStayWhole() {
        String long200 = "x".repeat(200);
        String table = Table.keyValue().row("a\tb", "line1\nline2").row("k", long200).render();

        assertThat(table).contains("a b | line1 line2\n").contains("k   | " + long200 + "\n");
    }

    @Test
    void abbreviatingCutsOnlyLongText() {
        assertThat(Table.abbreviate("short", 10)).isEqualTo("short");
        assertThat(Table.abbreviate("0123456789ab", 10)).isEqualTo("0123456...");
        assertThat(Table.abbreviate(null, 10)).isNull();
    }

    @Test
    void aRowOfTheWrongWidthIsABug() {
        assertThatThrownBy(() -> Table.withColumns("A", "B").row("1"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
