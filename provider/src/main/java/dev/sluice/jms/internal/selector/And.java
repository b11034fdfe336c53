package dev.sluice.jms.internal.selector;

import java.util.List;

/**
 * Conjunction of two or more conditions with the three-valued logic of Jakarta Messaging 3.1 section 3.8.1.2,
 * table 3-4: FALSE if any operand is FALSE, otherwise unknown if any is unknown, otherwise TRUE. An operand that is
 * not a boolean (a string or number property) is unknown. A chain {@code a AND b AND c} is one node, so its length
 * does not deepen evaluation. Immutable.
 */
record And(List<Expression> operands) implements Expression {

    And {
        operands = List.copyOf(operands);
    }

    @Override
    public Object evaluate(SelectorContext message) {
        boolean unknown = false;
        for (Expression operand : operands) {
            Boolean value = Expression.truth(operand.evaluate(message));
            if (value == null) {
                unknown = true;
            } else if (!value) {
                return Boolean.FALSE;
            }
        }
        return unknown ? null : Boolean.TRUE;
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
