package dev.parley.dialects.purephone;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SnippetTest {

    @Test
    void aSnippetIsTheFirstLine() {
        assertThat(Snippet.of("Wiadomość testowa.\nDruga linia")).isEqualTo("Wiadomość testowa.");
        assertThat(Snippet.of("Windows line\r\nnext")).isEqualTo("Windows line");
        assertThat(Snippet.of("\nstarts with a new line")).isEmpty();
        assertThat(Snippet.of(null)).isEmpty();
    }

    @Test
    void aSnippetIsAtMost45CharactersCountingLettersNotBytesOrChars() {
        String polish = "Ciężko powiedzieć o czym ta wiadomość jest, ale jest dość długa.";
        assertThat(Snippet.of(polish)).isEqualTo("Ciężko powiedzieć o czym ta wiadomość jest, a").hasSize(45);
        String emoji = "😀".repeat(50);
        assertThat(Snippet.of(emoji)).isEqualTo("😀".repeat(45));
        assertThat(Snippet.of("x".repeat(45))).hasSize(45);
    }
}
