package dev.sluice.jms.internal.selector;

import java.util.List;

/**
 * {@code identifier [NOT] IN ('a', 'b', ...)}. As Jakarta Messaging 3.1 section 3.8.1.1 defines it, IN is the OR of
 * string equalities and NOT IN its negation: NULL gives unknown, a string gives whether it is in the list, and a
 * value of another type is unequal to every string, so IN is false and NOT IN is true. Immutable.
 */
record InList(Expression identifier, List<String> values, boolean negated) implements Expression {

    InList {
        values = List.copyOf(values);
    }

    @Override
    public Object evaluate(SelectorContext message) {
        Object value = identifier.evaluate(message);
        if (value == null) {
            return null;
        }
        boolean found = value instanceof String string && values.contains(string);
        return found != negated;
    }

    @Override
    public ValueType type() {
        return ValueType.BOOLEAN;
    }
}
