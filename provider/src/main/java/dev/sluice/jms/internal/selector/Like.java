package dev.sluice.jms.internal.selector;

/**
 * {@code identifier [NOT] LIKE pattern [ESCAPE c]}: NULL gives unknown, a string gives whether it matches the
 * {@link LikePattern}, and a value of another type does not match (LIKE is false, NOT LIKE is true, as for any
 * comparison of non-like types). Immutable.
 */
record Like(Expression identifier, LikePattern pattern, boolean negated) implements Expression {

    @Override
    public Object evaluate(SelectorContext message) {
        Object value = identifier.evaluate(message);
        if (value == null) {
            return null;
        }
        boolean matched = value instanceof String string && pattern.matches(string);
        return matched != negated;
    }

    @Override
    public ValueType type() {
        return ValueType.BOOLEAN;
    }
}
