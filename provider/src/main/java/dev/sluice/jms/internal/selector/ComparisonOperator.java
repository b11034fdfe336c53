package dev.sluice.jms.internal.selector;

/**
 * The comparison operators =, &lt;&gt;, &lt;, &lt;=, &gt;, &gt;= and their evaluation (Jakarta Messaging 3.1
 * section 3.8.1.1):
 * <ul>
 *   <li>if either value is NULL the result is unknown;</li>
 *   <li>two numbers compare as longs when both are exact, otherwise as doubles (Java numeric promotion; a NaN
 *       compares as in Java: unequal to everything);</li>
 *   <li>two strings, or two booleans, compare with = and &lt;&gt; only; an ordering operator on them is false;</li>
 *   <li>values of different types are "non-like": the comparison is false, for &lt;&gt; too.</li>
 * </ul>
 * Immutable.
 */
enum ComparisonOperator {
    EQUALS("="),
    NOT_EQUALS("<>"),
    LESS("<"),
    LESS_OR_EQUAL("<="),
    GREATER(">"),
    GREATER_OR_EQUAL(">=");

    private final String symbol;

    ComparisonOperator(String symbol) {
        this.symbol = symbol;
    }

    /** The operator as written in selectors and in SQL. */
    String symbol() {
        return symbol;
    }

    /** True for &lt;, &lt;=, &gt;, &gt;=, which only numbers support. */
    boolean isOrdering() {
        return this != EQUALS && this != NOT_EQUALS;
    }

    /** TRUE, FALSE or null (unknown) as described in the class comment. */
    Boolean compare(Object left, Object right) {
        if (left == null || right == null) {
            return null;
        }
        if (left instanceof Long a && right instanceof Long b) {
            return test(Long.compare(a, b));
        }
        if (left instanceof Number a && right instanceof Number b) {
            return test(a.doubleValue(), b.doubleValue());
        }
        boolean sameKind = (left instanceof String && right instanceof String)
                || (left instanceof Boolean && right instanceof Boolean);
        if (!sameKind || isOrdering()) {
            return Boolean.FALSE;
        }
        return (this == EQUALS) == left.equals(right);
    }

    private boolean test(int comparison) {
        return switch (this) {
            case EQUALS -> comparison == 0;
            case NOT_EQUALS -> comparison != 0;
            case LESS -> comparison < 0;
            case LESS_OR_EQUAL -> comparison <= 0;
            case GREATER -> comparison > 0;
            case GREATER_OR_EQUAL -> comparison >= 0;
        };
    }

    private boolean test(double a, double b) {
        return switch (this) {
            case EQUALS -> a == b;
            case NOT_EQUALS -> a != b;
            case LESS -> a < b;
            case LESS_OR_EQUAL -> a <= b;
            case GREATER -> a > b;
            case GREATER_OR_EQUAL -> a >= b;
        };
    }
}
