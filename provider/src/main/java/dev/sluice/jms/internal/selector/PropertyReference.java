package dev.sluice.jms.internal.selector;

/**
 * A reference to a message property by its case-sensitive name. Its value is the property's value in the selector
 * value domain: Byte, Short, Integer and Long become {@link Long}; Float becomes the {@link Double} it widens to (as
 * Java numeric promotion does); Boolean and String stay; an absent property, or a value of any other class, is
 * NULL. Immutable.
 */
record PropertyReference(String name) implements Expression {

    @Override
    public Object evaluate(SelectorContext message) {
        return normalize(message.property(name));
    }

    @Override
    public ValueType type() {
        return ValueType.UNKNOWN;
    }

    static Object normalize(Object value) {
        if (value instanceof Long || value instanceof Double || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float single) {
            return (double) single.floatValue();
        }
        return null;
    }
}
