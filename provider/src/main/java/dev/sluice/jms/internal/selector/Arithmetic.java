package dev.sluice.jms.internal.selector;

/** A binary arithmetic operation, evaluated as {@link ArithmeticOperator} describes. Immutable. */
record Arithmetic(ArithmeticOperator operator, Expression left, Expression right) implements Expression {

    @Override
    public Object evaluate(SelectorContext message) {
        return operator.apply(left.evaluate(message), right.evaluate(message));
    }

    @Override
    public ValueType type() {
        return ValueType.NUMBER;
    }
}
