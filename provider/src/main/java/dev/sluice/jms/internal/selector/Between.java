package dev.sluice.jms.internal.selector;

/**
 * {@code value [NOT] BETWEEN lower AND upper}. As Jakarta Messaging 3.1 section 3.8.1.1 defines it,
 * {@code v BETWEEN a AND b} is {@code v >= a AND v <= b} and {@code v NOT BETWEEN a AND b} is
 * {@code v < a OR v > b}, with the comparison and three-valued logic rules of {@link ComparisonOperator},
 * {@link And} and {@link Or}. (The two forms are not simply each other's negation when a value is not a number:
 * both are then false.) Immutable.
 */
record Between(Expression value, Expression lower, Expression upper, boolean negated) implements Expression {

    @Override
    public Object evaluate(SelectorContext message) {
        Object v = value.evaluate(message);
        Object low = lower.evaluate(message);
        Object high = upper.evaluate(message);
        if (negated) {
            return Or.or(ComparisonOperator.LESS.compare(v, low), ComparisonOperator.GREATER.compare(v, high));
        }
        return And.and(ComparisonOperator.GREATER_OR_EQUAL.compare(v, low),
                ComparisonOperator.LESS_OR_EQUAL.compare(v, high));
    }

    @Override
    public ValueType type() {
        return ValueType.BOOLEAN;
    }
}
