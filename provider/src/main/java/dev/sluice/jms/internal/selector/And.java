package dev.sluice.jms.internal.selector;

/**
 * Conjunction with the three-valued logic of Jakarta Messaging 3.1 section 3.8.1.2, table 3-4: FALSE if either
 * side is FALSE, otherwise unknown if either side is unknown, otherwise TRUE. A side that is not a boolean (a
 * string or number property) is unknown. Immutable.
 */
record And(Expression left, Expression right) implements Expression {

    @Override
    public Object evaluate(SelectorContext message) {
        Boolean first = Expression.truth(left.evaluate(message));
        if (Boolean.FALSE.equals(first)) {
            return Boolean.FALSE;
        }
        return and(first, Expression.truth(right.evaluate(message)));
    }

    @Override
    public ValueType type() {
        return ValueType.BOOLEAN;
    }

    /** Table 3-4 for two truth values (null is unknown). */
    static Boolean and(Boolean left, Boolean right) {
        if (Boolean.FALSE.equals(left) || Boolean.FALSE.equals(right)) {
            return Boolean.FALSE;
        }
        return left == null || right == null ? null : Boolean.TRUE;
    }
}
