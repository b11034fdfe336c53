package dev.sluice.jms.internal.selector;

import java.util.List;

/**
 * Disjunction of two or more conditions with the three-valued logic of Jakarta Messaging 3.1 section 3.8.1.2,
 * table 3-5: TRUE if any operand is TRUE, otherwise unknown if any is unknown, otherwise FALSE. An operand that is
 * not a boolean is unknown. A chain {@code a OR b OR c} is one node. Immutable.
 */
record Or(List<Expression> operands) implements Expression {

    Or {
        operands = List.copyOf(operands);
    }

    @Override
    public Object evaluate(SelectorContext message) {
        boolean unknown = false;
        for (Expression operand : operands) {
            Boolean value = Expression.truth(operand.evaluate(message));
            if (value == null) {
                unknown = true;
            } else if (value) {
                return Boolean.TRUE;
            }
        }
        return unknown ? null : Boolean.FALSE;
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
