package dev.sluice.jms.internal.message;

import jakarta.jms.MessageFormatException;

/**
 * The value conversions of Jakarta Messaging 3.1, section 3.5.4 (properties) and section 3.11.3 (MapMessage and
 * StreamMessage): a value written as one type may be read as another where the table marks it, otherwise the read
 * fails with {@link MessageFormatException}. Strings are parsed with the target type's {@code valueOf}, so an
 * unparsable string gives {@link NumberFormatException}, and a null value reads as {@code valueOf(null)} would:
 * {@code false} for boolean, {@link NumberFormatException} for the integral types and {@link NullPointerException}
 * for float, double and char.
 *
 * <p>Values are {@code Boolean, Byte, Short, Character, Integer, Long, Float, Double, String, byte[]} or null.
 * Properties never hold {@code Character} or {@code byte[]}. Each method names the value in its errors by a
 * {@code kind} ("property", "map entry", "stream field") and a {@code key} (a name or a position).
 *
 * <p>Stateless and thread-safe.
 */
final class ValueConversions {

    private ValueConversions() {
    }

    static boolean toBoolean(Object value, String kind, Object key) throws MessageFormatException {
        if (value instanceof Boolean) {
            return (Boolean) value;
        }
        if (value == null || value instanceof String) {
            return Boolean.parseBoolean((String) value);
        }
        throw notConvertible(value, "boolean", kind, key);
    }

    static byte toByte(Object value, String kind, Object key) throws MessageFormatException {
        if (value instanceof Byte) {
            return (Byte) value;
        }
        if (value == null || value instanceof String) {
            try {
                return Byte.parseByte((String) value);
            } catch (NumberFormatException e) {
                throw notParsable(value, "byte", kind, key, e);
            }
        }
        throw notConvertible(value, "byte", kind, key);
    }

    static short toShort(Object value, String kind, Object key) throws MessageFormatException {
        if (value instanceof Short || value instanceof Byte) {
            return ((Number) value).shortValue();
        }
        if (value == null || value instanceof String) {
            try {
                return Short.parseShort((String) value);
            } catch (NumberFormatException e) {
                throw notParsable(value, "short", kind, key, e);
            }
        }
        throw notConvertible(value, "short", kind, key);
    }

    static int toInt(Object value, String kind, Object key) throws MessageFormatException {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).intValue();
        }
        if (value == null || value instanceof String) {
            try {
                return Integer.parseInt((String) value);
            } catch (NumberFormatException e) {
                throw notParsable(value, "int", kind, key, e);
            }
        }
        throw notConvertible(value, "int", kind, key);
    }

    static long toLong(Object value, String kind, Object key) throws MessageFormatException {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value == null || value instanceof String) {
            try {
                return Long.parseLong((String) value);
            } catch (NumberFormatException e) {
                throw notParsable(value, "long", kind, key, e);
            }
        }
        throw notConvertible(value, "long", kind, key);
    }

    static float toFloat(Object value, String kind, Object key) throws MessageFormatException {
        if (value instanceof Float) {
            return (Float) value;
        }
        if (value == null) {
            throw nullAsPrimitive("float", kind, key);
        }
        if (value instanceof String) {
            try {
                return Float.parseFloat((String) value);
            } catch (NumberFormatException e) {
                throw notParsable(value, "float", kind, key, e);
            }
        }
        throw notConvertible(value, "float", kind, key);
    }

    static double toDouble(Object value, String kind, Object key) throws MessageFormatException {
        if (value instanceof Double || value instanceof Float) {
            return ((Number) value).doubleValue();
        }
        if (value == null) {
            throw nullAsPrimitive("double", kind, key);
        }
        if (value instanceof String) {
            try {
                return Double.parseDouble((String) value);
            } catch (NumberFormatException e) {
                throw notParsable(value, "double", kind, key, e);
            }
        }
        throw notConvertible(value, "double", kind, key);
    }

    /** Only a char reads as a char; a null value throws {@link NullPointerException} as the specification says. */
    static char toChar(Object value, String kind, Object key) throws MessageFormatException {
        if (value instanceof Character) {
            return (Character) value;
        }
        if (value == null) {
            throw nullAsPrimitive("char", kind, key);
        }
        throw notConvertible(value, "char", kind, key);
    }

    static String toText(Object value, String kind, Object key) throws MessageFormatException {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        if (value instanceof byte[]) {
            throw notConvertible(value, "String", kind, key);
        }
        return value.toString();
    }

    /** Returns the array itself (callers copy it); only byte[] and null read as byte[]. */
    static byte[] toBytes(Object value, String kind, Object key) throws MessageFormatException {
        if (value == null || value instanceof byte[]) {
            return (byte[]) value;
        }
        throw notConvertible(value, "byte[]", kind, key);
    }

    /** True for the objectified primitives (char included) and String: the non-array values of map and stream. */
    static boolean isPrimitiveOrString(Object value) {
        return value instanceof String || value instanceof Integer || value instanceof Long
                || value instanceof Boolean || value instanceof Double || value instanceof Float
                || value instanceof Short || value instanceof Byte || value instanceof Character;
    }

    /** The Java type name of a value as the conversion table writes it: int, String, byte[], ... */
    static String typeName(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String) {
            return "String";
        }
        if (value instanceof Integer) {
            return "int";
        }
        if (value instanceof Long) {
            return "long";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        if (value instanceof Double) {
            return "double";
        }
        if (value instanceof Float) {
            return "float";
        }
        if (value instanceof Short) {
            return "short";
        }
        if (value instanceof Byte) {
            return "byte";
        }
        if (value instanceof Character) {
            return "char";
        }
        if (value instanceof byte[]) {
            return "byte[]";
        }
        return value.getClass().getName();
    }

    private static String readableAs(Object value) {
        if (value instanceof String) {
            return "boolean, byte, short, int, long, float, double or String";
        }
        if (value instanceof Integer) {
            return "int, long or String";
        }
        if (value instanceof Long) {
            return "long or String";
        }
        if (value instanceof Boolean) {
            return "boolean or String";
        }
        if (value instanceof Double) {
            return "double or String";
        }
        if (value instanceof Float) {
            return "float, double or String";
        }
        if (value instanceof Short) {
            return "short, int, long or String";
        }
        if (value instanceof Byte) {
            return "byte, short, int, long or String";
        }
        if (value instanceof Character) {
            return "char or String";
        }
        return "byte[] only";
    }

    private static MessageFormatException notConvertible(Object value, String target, String kind, Object key) {
        return new MessageFormatException("Cannot read " + describe(kind, key) + " as " + target + ": it holds "
                + withArticle(typeName(value)) + ", which the Jakarta Messaging conversion table lets you read as "
                + readableAs(value));
    }

    private static NumberFormatException notParsable(Object value, String target, String kind, Object key,
                                                     NumberFormatException cause) {
        String reason = value == null
                ? "it is not set (a missing value reads as " + target + " like valueOf(null))"
                : "the String \"" + value + "\" is not a valid " + target;
        NumberFormatException exception =
                new NumberFormatException("Cannot read " + describe(kind, key) + " as " + target + ": " + reason);
        exception.initCause(cause);
        return exception;
    }

    private static NullPointerException nullAsPrimitive(String target, String kind, Object key) {
        return new NullPointerException("Cannot read " + describe(kind, key) + " as " + target
                + ": it is not set, and the specification reads a missing value as " + target
                + " like valueOf(null), which throws NullPointerException");
    }

    static String withArticle(String typeName) {
        return ("aeiouAEIOU".indexOf(typeName.charAt(0)) >= 0 ? "an " : "a ") + typeName;
    }

    private static String describe(String kind, Object key) {
        return key instanceof String ? kind + " '" + key + "'" : kind + " " + key;
    }
}
