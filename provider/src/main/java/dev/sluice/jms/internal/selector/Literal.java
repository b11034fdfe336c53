package dev.sluice.jms.internal.selector;

import java.util.Objects;

/**
 * A literal: a {@link String}, an exact number ({@link Long}), an approximate number ({@link Double}, always finite)
 * or a boolean. Immutable.
 */
record Literal(Object value) implements Expression {

    Literal {
        Objects.requireNonNull(value, "value");
        if (!(value instanceof String || value instanceof Long || value instanceof Double
                || value instanceof Boolean)) {
            throw new IllegalArgumentException("A selector literal is a String, Long, Double or Boolean, not "
                    + value.getClass().getName());
        }
    }

    @Override
    public Object evaluate(SelectorContext message) {
        return value;
    }

    @Override
    public ValueType type() {
        if (value instanceof String) {
            return ValueType.STRING;
        }
        return value instanceof Boolean ? ValueType.BOOLEAN : ValueType.NUMBER;
    }
}
