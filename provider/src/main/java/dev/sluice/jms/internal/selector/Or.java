package dev.sluice.jms.internal.selector;

/**
 * Disjunction with the three-valued logic of Jakarta Messaging 3.1 section 3.8.1.2, table 3-5: TRUE if either side
 * is TRUE, otherwise unknown if either side is unknown, otherwise FALSE. A side that is not a boolean is unknown.
 * Immutable.
 */
record Or(Expression left, Expression right) implements Expression {

    @Override
    public Object evaluate(SelectorContext message) {
        Boolean first = Expression.truth(left.evaluate(message));
        if (Boolean.TRUE.equals(first)) {
            return Boolean.TRUE;
        }
        return or(first, Expression.truth(right.evaluate(message)));
    }

    @Override
    public ValueType type() {
        return ValueType.BOOLEAN;
    }

    /** Table 3-5 for two truth values (null is unknown). */
    static Boolean or(Boolean left, Boolean right) {
        if (Boolean.TRUE.equals(left) || Boolean.TRUE.equals(right)) {
            return Boolean.TRUE;
        }
        return left == null || right == null ? null : Boolean.FALSE;
    }
}
