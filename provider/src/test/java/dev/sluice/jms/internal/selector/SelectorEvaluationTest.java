package dev.sluice.jms.internal.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.jms.internal.selector.SelectorCases.EvaluationCase;
import jakarta.jms.InvalidSelectorException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** In-memory evaluation of selectors: the shared case table plus the rules that need more than one case. */
class SelectorEvaluationTest {

    static Stream<EvaluationCase> cases() {
        return SelectorCases.evaluationCases().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void evaluatesAsTheTableSays(EvaluationCase testCase) throws InvalidSelectorException {
        Selector selector = Selector.parse(testCase.selector());
        TestMessage message = SelectorCases.BY_NAME.get(testCase.message());

        assertThat(selector.evaluate(message)).as(testCase.toString()).isEqualTo(testCase.expected());
        assertThat(selector.matches(message)).isEqualTo(Boolean.TRUE.equals(testCase.expected()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void declinesSqlExactlyWhereTheTableSays(EvaluationCase testCase) throws InvalidSelectorException {
        Selector selector = Selector.parse(testCase.selector());

        assertThat(selector.toSql().isEmpty()).as("declined: %s", selector.sqlDeclinedReason())
                .isEqualTo(testCase.declinedBySql());
        assertThat(selector.sqlDeclinedReason().isEmpty()).isEqualTo(selector.toSql().isPresent());
    }

    @Test
    void tableIsLargeEnoughToCoverTheLanguage() {
        assertThat(SelectorCases.evaluationCases()).hasSizeGreaterThan(400);
        assertThat(SelectorCases.errorCases()).hasSizeGreaterThan(100);
    }

    @ParameterizedTest(name = "AND {0} {1}")
    @CsvSource({"T,T,T", "T,F,F", "T,U,U", "F,T,F", "F,F,F", "F,U,F", "U,T,U", "U,F,F", "U,U,U"})
    void andFollowsTable3to4(String left, String right, String expected) throws InvalidSelectorException {
        assertThat(Selector.parse(condition(left) + " AND " + condition(right)).evaluate(SelectorCases.M1))
                .isEqualTo(truth(expected));
    }

    @ParameterizedTest(name = "OR {0} {1}")
    @CsvSource({"T,T,T", "T,F,T", "T,U,T", "F,T,T", "F,F,F", "F,U,U", "U,T,T", "U,F,U", "U,U,U"})
    void orFollowsTable3to5(String left, String right, String expected) throws InvalidSelectorException {
        assertThat(Selector.parse(condition(left) + " OR " + condition(right)).evaluate(SelectorCases.M1))
                .isEqualTo(truth(expected));
    }

    @ParameterizedTest(name = "NOT {0}")
    @CsvSource({"T,F", "F,T", "U,U"})
    void notFollowsTable3to6(String operand, String expected) throws InvalidSelectorException {
        assertThat(Selector.parse("NOT " + condition(operand)).evaluate(SelectorCases.M1)).isEqualTo(truth(expected));
    }

    /** A condition with the given truth value on m1 that is not a literal, so nothing can fold it. */
    private static String condition(String truth) {
        return switch (truth) {
            case "T" -> "(int3 = 3)";
            case "F" -> "(int3 = 4)";
            default -> "(missing = 1)";
        };
    }

    private static Boolean truth(String code) {
        return code.equals("U") ? null : code.equals("T");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "\t\n\r\f "})
    void absentSelectorMatchesEverything(String text) throws InvalidSelectorException {
        Selector selector = Selector.parse(text);

        assertThat(selector).isSameAs(Selector.ALL);
        assertThat(selector.selectsAll()).isTrue();
        assertThat(selector.text()).isEmpty();
        assertThat(SelectorCases.MESSAGES).allMatch(selector::matches);
        assertThat(selector.toSql()).contains(new SqlFragment("TRUE", List.of()));
    }

    @Test
    void selectorKeepsItsTextAndComparesByIt() throws InvalidSelectorException {
        Selector selector = Selector.parse("JMSType = 'car'");

        assertThat(selector.text()).isEqualTo("JMSType = 'car'");
        assertThat(selector.selectsAll()).isFalse();
        assertThat(selector).isEqualTo(Selector.parse("JMSType = 'car'")).hasSameHashCodeAs(
                Selector.parse("JMSType = 'car'"));
        assertThat(selector).isNotEqualTo(Selector.parse("JMSType = 'bus'"));
        assertThat(selector.toString()).contains("JMSType = 'car'");
    }

    @Test
    void matchingNullMessageIsRejectedByName() throws InvalidSelectorException {
        Selector selector = Selector.parse("TRUE");

        assertThatThrownBy(() -> selector.matches(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("message");
    }

    @Test
    void propertyOfUnsupportedClassIsNull() throws InvalidSelectorException {
        TestMessage message = TestMessage.builder("odd").property("c", 'x').property("list", List.of()).build();

        assertThat(Selector.parse("c IS NULL AND list IS NULL").matches(message)).isTrue();
        assertThat(Selector.parse("c = 'x'").evaluate(message)).isNull();
    }

    @Test
    void longChainsOfAndOrEvaluateWithoutDeepRecursion() throws InvalidSelectorException {
        String conjunction = "int3 = 3 AND ".repeat(20_000) + "str = 'hello'";
        String disjunction = "int3 = 4 OR ".repeat(20_000) + "missing = 1";

        assertThat(Selector.parse(conjunction).evaluate(SelectorCases.M1)).isTrue();
        assertThat(Selector.parse(disjunction).evaluate(SelectorCases.M1)).isNull();
        assertThat(Selector.parse(conjunction).sqlDeclinedReason()).contains(
                "its SQL would be longer than 1000000 characters");
        String manyStrings = "Country IN (" + "'x', ".repeat(30_000) + "'UK')";
        assertThat(Selector.parse(manyStrings).sqlDeclinedReason()).contains(
                "its SQL would need 30001 parameters, more than the 20000 allowed for one statement's share");
    }

    @Test
    void deepSelectorsEvaluateInMemoryButNotInSql() throws InvalidSelectorException {
        Selector deepest = Selector.parse("NOT ".repeat(98) + "int3 = 3");

        assertThat(deepest.evaluate(SelectorCases.M1)).isTrue();
        assertThat(deepest.sqlDeclinedReason().orElseThrow()).contains("nests 100 levels deep");
        assertThat(Selector.parse("NOT ".repeat(30) + "int3 = 3").toSql()).isPresent();
        assertThat(Selector.parse("NOT ".repeat(31) + "int3 = 3").toSql()).isEmpty();
    }

    @Test
    void oneSelectorEvaluatesConcurrentlyOnManyThreads() throws Exception {
        Selector selector = Selector.parse("(n BETWEEN 100 AND 900 AND s LIKE 'v%5') OR (n / 7 = 3 AND NOT flag)");
        List<TestMessage> messages = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            messages.add(TestMessage.builder("n" + i).property("n", i).property("s", "v" + i)
                    .property("flag", i % 2 == 0).build());
        }
        List<Boolean> expected = messages.stream().map(selector::matches).toList();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Callable<List<Boolean>>> tasks = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                tasks.add(() -> messages.stream().map(selector::matches).toList());
            }
            for (Future<List<Boolean>> result : threads.invokeAll(tasks, 60, TimeUnit.SECONDS)) {
                assertThat(result.get()).isEqualTo(expected);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(expected.stream().filter(Boolean::booleanValue).count())
                .as("some match, some do not").isBetween(1L, 1_999L);
    }
}
