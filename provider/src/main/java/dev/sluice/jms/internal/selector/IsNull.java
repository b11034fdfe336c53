package dev.sluice.jms.internal.selector;

/** {@code identifier IS [NOT] NULL}: never unknown (Jakarta Messaging 3.1 section 3.8.1.2). Immutable. */
record IsNull(Expression identifier, boolean negated) implements Expression {

    @Override
    public Object evaluate(SelectorContext message) {
        return (identifier.evaluate(message) == null) != negated;
    }

    @Override
    public ValueType type() {
        return ValueType.BOOLEAN;
    }
}
