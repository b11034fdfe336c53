package dev.sluice.jms.internal.selector;

/**
 * The binary arithmetic operators and their evaluation under Java numeric promotion (Jakarta Messaging 3.1 section
 * 3.8.1.1): two exact operands give an exact (long) result with Java's wrap-around on overflow, anything else is
 * computed in double. Deviations, all toward "unknown" rather than an exception: an operand that is NULL or not a
 * number (a string or boolean property) makes the result NULL, and so does an exact division by zero (which in
 * Java would throw); approximate division by zero gives an infinity or NaN as in Java. Immutable.
 */
enum ArithmeticOperator {
    PLUS("+"),
    MINUS("-"),
    TIMES("*"),
    DIVIDE("/");

    private final String symbol;

    ArithmeticOperator(String symbol) {
        this.symbol = symbol;
    }

    String symbol() {
        return symbol;
    }

    /** The result for two selector values, or null (NULL) as described in the class comment. */
    Object apply(Object left, Object right) {
        if (!(left instanceof Number leftNumber) || !(right instanceof Number rightNumber)) {
            return null;
        }
        if (left instanceof Long a && right instanceof Long b) {
            return switch (this) {
                case PLUS -> a + b;
                case MINUS -> a - b;
                case TIMES -> a * b;
                case DIVIDE -> b == 0 ? null : a / b;
            };
        }
        double a = leftNumber.doubleValue();
        double b = rightNumber.doubleValue();
        return switch (this) {
            case PLUS -> a + b;
            case MINUS -> a - b;
            case TIMES -> a * b;
            case DIVIDE -> a / b;
        };
    }
}
