package dev.sluice.jms.internal.selector;

import java.util.List;

/**
 * {@code identifier [NOT] IN ('a', 'b', ...)} (Jakarta Messaging 3.1 section 3.8.1.1): a string gives whether it is
 * in the list (NOT IN its negation); NULL gives unknown, and so does a value of another type, since IN is defined
 * only for an identifier with a string value: an int property is neither IN nor NOT IN a list of strings (the TCK's
 * {@code MsgSelectorQueueTests#inTest7} and ActiveMQ agree). Immutable.
 */
record InList(Expression identifier, List<String> values, boolean negated) implements Expression {

    InList {
        values = List.copyOf(values);
    }

    @Override
    public Object evaluate(SelectorContext message) {
        if (!(identifier.evaluate(message) instanceof String string)) {
            return null;
        }
        return values.contains(string) != negated;
    }

    @Override
    public ValueType type() {
        return ValueType.BOOLEAN;
    }
}
