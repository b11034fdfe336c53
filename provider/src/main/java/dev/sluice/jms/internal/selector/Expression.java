package dev.sluice.jms.internal.selector;

/**
 * A node of a parsed selector. Evaluating a node yields a selector value: {@link Boolean} for a condition (null
 * when it is unknown), {@link Long} for an exact number, {@link Double} for an approximate one, {@link String}, or
 * null for NULL. Nodes are immutable and thread-safe; evaluation has no side effects.
 */
sealed interface Expression
        permits Literal, PropertyReference, HeaderReference, UnaryArithmetic, Arithmetic, Comparison, Between,
                InList, Like, IsNull, And, Or, Not {

    /** The value of this expression for {@code message}. */
    Object evaluate(SelectorContext message);

    /** The type the parser knows this expression to have. */
    ValueType type();

    /** A value used as a condition: its Boolean, or null (unknown) for NULL and for any non-boolean value. */
    static Boolean truth(Object value) {
        return value instanceof Boolean condition ? condition : null;
    }
}
