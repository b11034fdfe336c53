package dev.sluice.jms.internal.selector;

/**
 * Negation with the three-valued logic of Jakarta Messaging 3.1 section 3.8.1.2, table 3-6: unknown stays unknown.
 * An operand that is not a boolean is unknown. Immutable.
 */
record Not(Expression operand) implements Expression {

    @Override
    public Object evaluate(SelectorContext message) {
        Boolean value = Expression.truth(operand.evaluate(message));
        return value == null ? null : !value;
    }

    @Override
    public ValueType type() {
        return ValueType.BOOLEAN;
    }
}
