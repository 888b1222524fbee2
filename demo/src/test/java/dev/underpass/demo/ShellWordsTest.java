package dev.underpass.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShellWordsTest {

    @Test
    void plain_words_stay_and_others_are_single_quoted() {
        assertThat(ShellWords.quote("/srv/data-demo/ca.pem")).isEqualTo("/srv/data-demo/ca.pem");
        assertThat(ShellWords.quote("/home/a b/ca.pem")).isEqualTo("'/home/a b/ca.pem'");
        assertThat(ShellWords.quote("it's")).isEqualTo("'it'\\''s'");
        assertThat(ShellWords.quote("$HOME")).isEqualTo("'$HOME'");
    }
}
