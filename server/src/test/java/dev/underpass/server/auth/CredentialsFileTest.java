package dev.underpass.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsFileTest {
    @TempDir
    Path dir;

    @Test
    void firstStartGeneratesAnOwnerOnlyAdminKeyInTheAwsSharedCredentialsFormat() throws Exception {
        Path file = dir.resolve("credentials");
        Map<String, String> keys = CredentialsFile.loadOrCreate(file);
        assertThat(keys).hasSize(1);
        String keyId = keys.keySet().iterator().next();
        assertThat(keyId).matches("AKUP[A-Z2-7]{16}");
        assertThat(keys.get(keyId)).hasSize(40);
        String text = Files.readString(file);
        assertThat(text).contains("[default]\n", "aws_access_key_id = " + keyId, "aws_secret_access_key = ");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void laterStartsReuseTheSameKeys() {
        Path file = dir.resolve("credentials");
        Map<String, String> first = CredentialsFile.loadOrCreate(file);
        assertThat(CredentialsFile.loadOrCreate(file)).isEqualTo(first);
    }

    @Test
    void everyProfileOfAHandWrittenFileIsAccepted() throws Exception {
        Path file = dir.resolve("credentials");
        Files.writeString(file, "[default]\naws_access_key_id=A1\naws_secret_access_key=s1\n\n; comment\n"
                + "[ops]\n aws_access_key_id = A2 \naws_secret_access_key = s2\nregion = eu-west-1\n");
        assertThat(CredentialsFile.read(file)).containsExactly(Map.entry("A1", "s1"), Map.entry("A2", "s2"));
    }

    @Test
    void aProfileWithoutItsSecretIsRefusedNamingTheProfile() throws Exception {
        Path file = dir.resolve("credentials");
        Files.writeString(file, "[ops]\naws_access_key_id=A2\n");
        assertThatThrownBy(() -> CredentialsFile.read(file)).hasMessageContaining("[ops]")
                .hasMessageContaining("aws_secret_access_key");
    }
}
