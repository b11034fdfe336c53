package dev.sluice.jms.internal.selector;

/**
 * What kind of selector value a property holds in one row of {@code sluice.message}, as the SQL translation
 * classifies it from the jsonb value and the type list the message codec writes (see {@link StoredMessageFormat}).
 * Each has the SQL label the generated {@code CASE} returns. Immutable.
 */
enum StoredValueCategory {
    /** No value: the key is missing, or holds JSON null. */
    NULL_VALUE("null"),
    /** Byte, Short, Integer or Long as a JSON number; read as {@code numeric}. */
    EXACT("exact"),
    /** A finite Double (other than -0.0) as a JSON number; read as {@code double precision}. */
    DOUBLE("double"),
    /** A finite Float (other than -0.0) as a JSON number in its float form; read as {@code real}, then widened. */
    FLOAT("float"),
    /** A Double NaN, Infinity, -Infinity or -0.0 as a JSON string. */
    DOUBLE_TEXT("double_text"),
    /** A Float NaN, Infinity, -Infinity or -0.0 as a JSON string. */
    FLOAT_TEXT("float_text"),
    /** A String as a JSON string. */
    STRING("string"),
    /** A String that PostgreSQL text cannot hold, as the Base64 of its modified UTF-8 bytes. */
    ESCAPED("escaped"),
    /** A Boolean as a JSON boolean. */
    BOOLEAN("boolean");

    private final String label;

    StoredValueCategory(String label) {
        this.label = label;
    }

    /** The SQL string the category expression yields for this category. */
    String label() {
        return label;
    }

    boolean isNumber() {
        return this == EXACT || this == DOUBLE || this == FLOAT || this == DOUBLE_TEXT || this == FLOAT_TEXT;
    }

    boolean isString() {
        return this == STRING || this == ESCAPED;
    }

    /** True if a value of this category may be NaN, which PostgreSQL orders unlike Java. */
    boolean mayBeNaN() {
        return this == DOUBLE_TEXT || this == FLOAT_TEXT;
    }
}
