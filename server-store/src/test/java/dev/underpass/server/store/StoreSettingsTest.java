package dev.underpass.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StoreSettingsTest {

    @Test
    void theDefaultIsAnH2FileInTheDataDirectory() {
        StoreSettings settings = StoreSettings.h2File(Path.of("/var/lib/underpass"));

        assertThat(settings.jdbcUrl()).startsWith("jdbc:h2:file:/var/lib/underpass/underpass;")
                .contains("WRITE_DELAY=0").contains("DB_CLOSE_ON_EXIT=FALSE").contains("TRACE_LEVEL_FILE=0");
        assertThat(settings.kind()).isEqualTo(DatabaseKind.H2);
        assertThat(settings.poolSize()).isEqualTo(StoreSettings.DEFAULT_POOL_SIZE);
    }

    @Test
    void aPostgresUrlSelectsPostgres() {
        assertThat(StoreSettings.postgres("jdbc:postgresql://db:5432/underpass", "u", "p").kind())
                .isEqualTo(DatabaseKind.POSTGRESQL);
    }

    @Test
    void thePasswordNeverShowsInToStringNotEvenInsideTheUrl() {
        StoreSettings settings = StoreSettings.postgres(
                "jdbc:postgresql://db/underpass?user=u&password=hunter2&ssl=true", "u", "s3cret");

        assertThat(settings.toString()).doesNotContain("s3cret").doesNotContain("hunter2")
                .contains("password=MASKED").contains("ssl=true");
    }

    @Test
    void anotherDatabaseIsRefusedNamingOnlyItsScheme() {
        assertThatThrownBy(() -> StoreSettings.postgres("jdbc:mysql://db/x?password=hunter2", "u", "p"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:mysql:")
                .hasMessageContaining("jdbc:postgresql://")
                .message().doesNotContain("hunter2");
    }

    @Test
    void aPoolNeedsAtLeastOneConnection() {
        assertThatThrownBy(() -> StoreSettings.h2File(Path.of("/tmp/x")).withPoolSize(0))
                .hasMessageContaining("poolSize must be at least 1, was 0");
    }

    @Test
    void aDataDirectoryWithASemicolonIsRefusedBeforeH2ReadsItAsAnOption() {
        assertThatThrownBy(() -> StoreSettings.h2File(Path.of("/tmp/a;AUTO_SERVER=TRUE")))
                .hasMessageContaining("must not contain ';'");
    }
}
