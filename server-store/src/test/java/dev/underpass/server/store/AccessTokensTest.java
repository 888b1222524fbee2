package dev.underpass.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessTokensTest {

    @Test
    void aNewTokenIsUrlSafeUnpaddedAndCarries384RandomBits() {
        String token = AccessTokens.generate();

        assertThat(token).matches("[A-Za-z0-9_-]{64}");
        assertThat(Base64.getUrlDecoder().decode(token)).hasSize(48);
    }

    @Test
    void tokensDoNotRepeat() {
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            tokens.add(AccessTokens.generate());
        }

        assertThat(tokens).hasSize(1000);
    }

    @Test
    void theHashIsSha256InLowerCaseHex() {
        assertThat(AccessTokens.hash("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(AccessTokens.isHash(AccessTokens.hash("abc"))).isTrue();
    }

    @Test
    void aTokenMatchesOnlyItsOwnHash() {
        String token = AccessTokens.generate();

        assertThat(AccessTokens.matches(token, AccessTokens.hash(token))).isTrue();
        assertThat(AccessTokens.matches(token, AccessTokens.hash(AccessTokens.generate()))).isFalse();
        assertThat(AccessTokens.matches(token, null)).isFalse();
        assertThat(AccessTokens.matches(null, AccessTokens.hash(token))).isFalse();
    }

    @Test
    void aTokenDoesNotPassForAHash() {
        assertThat(AccessTokens.isHash(AccessTokens.generate())).isFalse();
        assertThat(AccessTokens.isHash(AccessTokens.hash("x").toUpperCase())).isFalse();
        assertThat(AccessTokens.isHash(null)).isFalse();
    }
}
