package dev.sluice.jms.internal.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** SqlFragment keeps placeholders and parameters in step and inlines values safely. */
class SqlFragmentTest {

    @Test
    void inlineWritesEscapeStringsWithQuotesAndBackslashesDoubled() {
        SqlFragment fragment = new SqlFragment("(a = ? AND b LIKE ?)", List.of("it's", "x\\'; drop table y; --"));

        assertThat(fragment.inline()).isEqualTo("(a = E'it''s' AND b LIKE E'x\\\\''; drop table y; --')");
    }

    @Test
    void placeholderCountMustMatchParameters() {
        assertThatThrownBy(() -> new SqlFragment("a = ? AND b = ?", List.of("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 placeholders but 1 parameters");
    }

    @Test
    void questionMarksInsideStringLiteralsAreNotPlaceholders() {
        // E'(?:x)\\'' ?' is one escape string: an escaped backslash, an escaped quote, then " ?"
        SqlFragment fragment = new SqlFragment("(a ~ E'(?:x)\\\\'' ?' AND b = ? AND c = 'it''s?')", List.of("v?"));

        assertThat(fragment.inline()).isEqualTo("(a ~ E'(?:x)\\\\'' ?' AND b = E'v?' AND c = 'it''s?')");
    }

    @Test
    void builderRefusesLiteralQuestionMarks() {
        assertThatThrownBy(() -> new SqlFragment.Builder().append("a ? b"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void selectorStringsAreParametersNeverSqlText() throws Exception {
        SqlFragment sql = Selector.parse("JMSType = 'x'' OR TRUE --' AND color LIKE '%''%'").toSql().orElseThrow();

        assertThat(sql.sql()).doesNotContain("OR TRUE").doesNotContain("--");
        assertThat(sql.parameters()).contains("x' OR TRUE --", "%'%");
    }
}
