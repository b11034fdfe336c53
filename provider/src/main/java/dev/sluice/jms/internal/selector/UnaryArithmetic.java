package dev.sluice.jms.internal.selector;

/**
 * Unary minus or plus applied to something other than a numeric literal (signs on literals are folded into the
 * literal by the parser). The operand must be a number at evaluation time; NULL or a non-number gives NULL. Minus
 * on an exact value wraps as in Java ({@code -Long.MIN_VALUE == Long.MIN_VALUE}). Immutable.
 */
record UnaryArithmetic(boolean minus, Expression operand) implements Expression {

    @Override
    public Object evaluate(SelectorContext message) {
        Object value = operand.evaluate(message);
        if (value instanceof Long exact) {
            return minus ? -exact : exact;
        }
        if (value instanceof Double approximate) {
            return minus ? -approximate : approximate;
        }
        return null;
    }

    @Override
    public ValueType type() {
        return ValueType.NUMBER;
    }
}
