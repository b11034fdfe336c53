package dev.sluice.jms.internal.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Assertions;

/** The LIKE matcher and its PostgreSQL form. */
class LikePatternTest {

    @Test
    void wildcardsMatchCodePoints() {
        assertThat(LikePattern.compile("_", null).matches("😀")).isTrue();
        assertThat(LikePattern.compile("__", null).matches("😀")).isFalse();
        assertThat(LikePattern.compile("%", null).matches("")).isTrue();
        assertThat(LikePattern.compile("a%b%c", null).matches("aXXbYYc")).isTrue();
        assertThat(LikePattern.compile("a%b%c", null).matches("aXXcYYb")).isFalse();
    }

    @Test
    void escapeMakesAnyFollowingCharacterLiteral() {
        assertThat(LikePattern.compile("a!%", (int) '!').matches("a%")).isTrue();
        assertThat(LikePattern.compile("a!%", (int) '!').matches("ab")).isFalse();
        assertThat(LikePattern.compile("a!!", (int) '!').matches("a!")).isTrue();
        assertThat(LikePattern.compile("!a", (int) '!').matches("a")).isTrue();
        assertThatThrownBy(() -> LikePattern.compile("ab!", (int) '!'))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the LIKE pattern 'ab!' ends with its escape character '!'");
    }

    @Test
    void manyWildcardsDoNotBacktrackExponentially() {
        LikePattern pattern = LikePattern.compile("%a%a%a%a%a%a%a%a%a%a%b", null);
        String value = "a".repeat(20_000);

        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThat(pattern.matches(value)).isFalse());
    }

    @Test
    void postgresFormEscapesLiteralWildcardsAndBackslashes() {
        assertThat(LikePattern.compile("a\\b%_", null).toPostgresPattern()).isEqualTo("a\\\\b%_");
        assertThat(LikePattern.compile("50!%!_", (int) '!').toPostgresPattern()).isEqualTo("50\\%\\_");
    }

    @Test
    void equalityFollowsSourceAndEscape() {
        assertThat(LikePattern.compile("a%", null)).isEqualTo(LikePattern.compile("a%", null))
                .isNotEqualTo(LikePattern.compile("a%", (int) '!'));
        assertThat(LikePattern.compile("a%", (int) '!').toString()).isEqualTo("'a%' ESCAPE '!'");
    }
}
