package dev.sluice.jms.internal.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sluice.jms.internal.selector.SelectorCases.ErrorCase;
import jakarta.jms.InvalidSelectorException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Invalid selectors fail with InvalidSelectorException naming the column and the problem. */
class SelectorSyntaxTest {

    static Stream<ErrorCase> cases() {
        return SelectorCases.errorCases().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejectsWithColumnAndReason(ErrorCase testCase) {
        SelectorSyntaxException error = catchThrowableOfType(SelectorSyntaxException.class,
                () -> Selector.parse(testCase.selector()));

        assertThat(error).as("parsing %s", testCase.selector()).isNotNull();
        assertThat(error).isInstanceOf(InvalidSelectorException.class);
        assertThat(error.problem()).contains(testCase.problem());
        assertThat(error.column()).as(error.getMessage()).isEqualTo(testCase.column());
        assertThat(error.selector()).isEqualTo(testCase.selector());
        assertThat(error.getMessage()).isEqualTo("Invalid selector '" + testCase.selector() + "' at column "
                + testCase.column() + ": " + error.problem());
    }

    @Test
    void messageReadsAsTheSpecificationExample() {
        SelectorSyntaxException error = catchThrowableOfType(SelectorSyntaxException.class,
                () -> Selector.parse("price >> 5"));

        assertThat(error.getMessage()).isEqualTo("Invalid selector 'price >> 5' at column 8: "
                + "expected an expression after '>'");
    }

    @Test
    void longSelectorIsAbbreviatedInTheMessageButKeptWhole() {
        String text = "a = 1 AND ".repeat(40) + "b >";
        SelectorSyntaxException error = catchThrowableOfType(SelectorSyntaxException.class,
                () -> Selector.parse(text));

        assertThat(error.getMessage()).contains("...' at column " + (text.length() + 1));
        assertThat(error.getMessage().length()).isLessThan(320);
        assertThat(error.selector()).isEqualTo(text);
    }

    @Test
    void nestingIsLimitedWithAnErrorInsteadOfAStackOverflow() throws InvalidSelectorException {
        assertThat(Selector.parse("(".repeat(100) + "a = 1" + ")".repeat(100)).text()).startsWith("((");
        assertThat(Selector.parse("NOT ".repeat(98) + "a = 1").text()).startsWith("NOT");

        SelectorSyntaxException parentheses = catchThrowableOfType(SelectorSyntaxException.class,
                () -> Selector.parse("(".repeat(100_000) + "a = 1" + ")".repeat(100_000)));
        assertThat(parentheses.column()).isEqualTo(101);
        assertThat(parentheses.problem()).isEqualTo("the selector nests deeper than 100 levels of parentheses, NOT"
                + " and signs");

        SelectorSyntaxException nots = catchThrowableOfType(SelectorSyntaxException.class,
                () -> Selector.parse("NOT ".repeat(99) + "a = 1"));
        assertThat(nots.problem()).isEqualTo("the selector nests deeper than 100 levels of operators");
        assertThat(nots.column()).isEqualTo(1);

        SelectorSyntaxException signs = catchThrowableOfType(SelectorSyntaxException.class,
                () -> Selector.parse("-".repeat(200) + "a = 1"));
        assertThat(signs.column()).isEqualTo(101);

        SelectorSyntaxException sums = catchThrowableOfType(SelectorSyntaxException.class,
                () -> Selector.parse("a" + " + 1".repeat(150) + " = 1"));
        assertThat(sums.problem()).contains("levels of operators");
    }

    @Test
    void keywordsNeedNotBeAsciiUppercaseButLookAlikeLettersAreNotKeywords() throws InvalidSelectorException {
        assertThat(Selector.parse("a iN ('x')").evaluate(TestMessage.builder("m").property("a", "x").build()))
                .isTrue();
        // a dotless i upper-cases to I, but "ın" is an identifier, not IN
        SelectorSyntaxException error = catchThrowableOfType(SelectorSyntaxException.class,
                () -> Selector.parse("a ın ('x')"));
        assertThat(error.problem()).contains("expected AND, OR or the end of the selector but found identifier 'ın'");
    }

    @Test
    void identifiersFollowJavaRules() throws InvalidSelectorException {
        TestMessage message = TestMessage.builder("m").property("$a_1", 1).property("Δx", 2).property("a\u200Bb", 3)
                .build();

        assertThat(Selector.parse("$a_1 = 1 AND Δx = 2").matches(message)).isTrue();
        // U+200B is an identifier-ignorable character, so Java counts it as part of the identifier
        assertThat(Selector.parse("a\u200Bb = 3").matches(message)).isTrue();
    }
}
