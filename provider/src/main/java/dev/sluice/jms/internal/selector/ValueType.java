package dev.sluice.jms.internal.selector;

/**
 * The type of a selector expression as far as the parser can know it. Literals, headers and operators have a
 * fixed type; a property reference is {@link #UNKNOWN} until a message supplies its value, so type rules for it
 * apply at evaluation time (a mismatch is then false or unknown, never an error). Immutable.
 */
enum ValueType {
    /** A condition or a boolean literal: TRUE, FALSE or unknown. */
    BOOLEAN("a boolean"),
    /** An exact (long) or approximate (double) number. */
    NUMBER("a number"),
    STRING("a string"),
    /** A property: its type is the type of the value the message carries. */
    UNKNOWN("a property");

    private final String description;

    ValueType(String description) {
        this.description = description;
    }

    /** How error messages name a value of this type, e.g. "a string". */
    String description() {
        return description;
    }

    /** True if a value of this type may be a number at evaluation time. */
    boolean mayBeNumber() {
        return this == NUMBER || this == UNKNOWN;
    }

    /** True if a value of this type may be a string at evaluation time. */
    boolean mayBeString() {
        return this == STRING || this == UNKNOWN;
    }

    /** True if a value of this type may be TRUE, FALSE or unknown, so it can stand where a condition is needed. */
    boolean mayBeCondition() {
        return this == BOOLEAN || this == UNKNOWN;
    }
}
