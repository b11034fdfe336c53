package dev.sluice.jms.internal.selector;

/**
 * {@code identifier [NOT] LIKE pattern [ESCAPE c]}: a string gives whether it matches the {@link LikePattern} (NOT
 * LIKE its negation); NULL gives unknown, and so does a value of another type, since LIKE is defined only for an
 * identifier with a string value (as for {@link InList}: a number is neither LIKE nor NOT LIKE a pattern).
 * Immutable.
 */
record Like(Expression identifier, LikePattern pattern, boolean negated) implements Expression {

    @Override
    public Object evaluate(SelectorContext message) {
        if (!(identifier.evaluate(message) instanceof String string)) {
            return null;
        }
        return pattern.matches(string) != negated;
    }

    @Override
    public ValueType type() {
        return ValueType.BOOLEAN;
    }
}
