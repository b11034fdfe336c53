package dev.sluice.jms.internal.selector;

/** A comparison of two values, evaluated as {@link ComparisonOperator} describes. Immutable. */
record Comparison(ComparisonOperator operator, Expression left, Expression right) implements Expression {

    @Override
    public Object evaluate(SelectorContext message) {
        return operator.compare(left.evaluate(message), right.evaluate(message));
    }

    @Override
    public ValueType type() {
        return ValueType.BOOLEAN;
    }
}
