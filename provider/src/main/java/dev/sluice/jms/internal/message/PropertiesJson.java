package dev.sluice.jms.internal.message;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The stored form of message properties: a JSON object that SQL can query ({@code properties->>'orderId'}, stored
 * as {@code jsonb}), plus a compact type list that restores each property's exact Java type.
 *
 * <p><b>JSON.</b> Each property is a member: booleans as JSON booleans, strings as JSON strings, numbers as JSON
 * numbers, a String property set to null as JSON null. Three cases cannot be JSON numbers or strings as they are,
 * and are written as JSON strings instead: float and double NaN, Infinity, -Infinity and -0.0 (as
 * {@code Double.toString} writes them); and strings holding U+0000 or an unpaired surrogate, which PostgreSQL text
 * cannot store (as the Base64 of their {@link ModifiedUtf8} bytes).
 *
 * <p><b>Types.</b> A comma-separated list of {@code <code>:<name>} entries for every property that is not a
 * boolean, a plain string or null: {@code b} byte, {@code s} short, {@code i} int, {@code j} long, {@code f} float,
 * {@code d} double, {@code x} a Base64-escaped string; for example {@code i:quantity,d:price}. A {@code ,} or
 * {@code \} in a name is escaped with {@code \}. The list is null when no property needs an entry.
 *
 * <p>Decoding does not depend on member order or number spelling, since PostgreSQL's {@code jsonb} reorders
 * members and rewrites numbers (1.0E10 comes back as 10000000000): values are parsed from their decimal text into
 * the recorded type, which is exact because a float's or double's shortest decimal form identifies it. A member
 * without a type entry (inserted by SQL, say) decodes as Integer or Long when integral, Double otherwise.
 *
 * <p>Stateless and thread-safe.
 */
final class PropertiesJson {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private static final char BYTE = 'b';
    private static final char SHORT = 's';
    private static final char INT = 'i';
    private static final char LONG = 'j';
    private static final char FLOAT = 'f';
    private static final char DOUBLE = 'd';
    private static final char ESCAPED_STRING = 'x';

    /** The JSON text and the type list of a message's properties; both null when it has none. */
    record Encoded(String json, String types) {
    }

    private static final Encoded NONE = new Encoded(null, null);

    private PropertiesJson() {
    }

    static Encoded encode(Map<String, Object> properties) {
        if (properties.isEmpty()) {
            return NONE;
        }
        StringWriter json = new StringWriter(32 + properties.size() * 24);
        StringBuilder types = new StringBuilder();
        try (JsonGenerator out = JSON.createGenerator(json)) {
            out.writeStartObject();
            for (Map.Entry<String, Object> property : properties.entrySet()) {
                String name = property.getKey();
                Object value = property.getValue();
                out.writeFieldName(name);
                char type = writeValue(out, value);
                if (type != 0) {
                    appendType(types, type, name);
                }
            }
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("Writing properties as JSON to memory failed", e);
        }
        return new Encoded(json.toString(), types.length() == 0 ? null : types.toString());
    }

    /** Writes one value and returns its type code, or 0 when the JSON form tells the type. */
    private static char writeValue(JsonGenerator out, Object value) throws IOException {
        if (value == null) {
            out.writeNull();
            return 0;
        }
        if (value instanceof String) {
            String text = (String) value;
            if (needsEscape(text)) {
                byte[] bytes = new byte[(int) ModifiedUtf8.encodedLength(text)];
                ModifiedUtf8.encode(text, bytes, 0);
                out.writeString(Base64.getEncoder().encodeToString(bytes));
                return ESCAPED_STRING;
            }
            out.writeString(text);
            return 0;
        }
        if (value instanceof Integer) {
            out.writeNumber((Integer) value);
            return INT;
        }
        if (value instanceof Long) {
            out.writeNumber((Long) value);
            return LONG;
        }
        if (value instanceof Boolean) {
            out.writeBoolean((Boolean) value);
            return 0;
        }
        if (value instanceof Double) {
            double number = (Double) value;
            if (Double.isFinite(number) && Double.doubleToRawLongBits(number) != Long.MIN_VALUE) {
                out.writeNumber(number);
            } else {
                out.writeString(Double.toString(number));
            }
            return DOUBLE;
        }
        if (value instanceof Float) {
            float number = (Float) value;
            if (Float.isFinite(number) && Float.floatToRawIntBits(number) != Integer.MIN_VALUE) {
                out.writeNumber(number);
            } else {
                out.writeString(Float.toString(number));
            }
            return FLOAT;
        }
        if (value instanceof Short) {
            out.writeNumber((Short) value);
            return SHORT;
        }
        if (value instanceof Byte) {
            out.writeNumber((Byte) value);
            return BYTE;
        }
        throw new IllegalArgumentException("A property cannot hold a " + value.getClass().getName());
    }

    /** True for strings PostgreSQL text cannot hold: U+0000 or an unpaired surrogate. */
    private static boolean needsEscape(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return true;
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return true;
                }
            }
        }
        return false;
    }

    private static void appendType(StringBuilder types, char type, String name) {
        if (types.length() > 0) {
            types.append(',');
        }
        types.append(type).append(':');
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == ',' || c == '\\') {
                types.append('\\');
            }
            types.append(c);
        }
    }

    private static Map<String, Character> parseTypes(String types) {
        Map<String, Character> byName = new HashMap<>();
        int at = 0;
        while (at < types.length()) {
            if (at + 1 >= types.length() || types.charAt(at + 1) != ':') {
                throw new IllegalArgumentException("Malformed property type list '" + types + "' at index " + at);
            }
            char type = types.charAt(at);
            StringBuilder name = new StringBuilder();
            at += 2;
            while (at < types.length() && types.charAt(at) != ',') {
                char c = types.charAt(at);
                if (c == '\\' && at + 1 < types.length()) {
                    c = types.charAt(++at);
                }
                name.append(c);
                at++;
            }
            byName.put(name.toString(), type);
            at++;
        }
        return byName;
    }

    /**
     * Puts the properties in {@code json} (with the types in {@code types}) into {@code target}.
     *
     * @throws IllegalArgumentException if the JSON or the types are not as {@link #encode} writes them, saying which
     *                                  property
     */
    static void decode(String json, String types, MessageProperties target) {
        if (json == null) {
            return;
        }
        Map<String, Character> typeByName = types == null || types.isEmpty() ? Map.of() : parseTypes(types);
        try (JsonParser in = JSON.createParser(json)) {
            if (in.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("The properties are not a JSON object: " + abbreviate(json));
            }
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String name = in.currentName();
                JsonToken token = in.nextToken();
                Character type = typeByName.get(name);
                try {
                    target.put(name, readValue(in, token, type == null ? 0 : type));
                } catch (IllegalArgumentException | ArithmeticException e) {
                    throw new IllegalArgumentException("Property '" + name + "' holds " + in.getText()
                            + ", which is not a valid " + typeName(type == null ? 0 : type) + " (" + e.getMessage()
                            + ")", e);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("The properties are not valid JSON (" + e.getMessage() + "): "
                    + abbreviate(json), e);
        }
    }

    private static Object readValue(JsonParser in, JsonToken token, char type) throws IOException {
        switch (token) {
            case VALUE_NULL:
                return null;
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_STRING:
                return readString(in.getText(), type);
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return readNumber(in, token, type);
            default:
                throw new IllegalArgumentException("Property '" + in.currentName() + "' holds a JSON "
                        + (token == JsonToken.START_ARRAY ? "array" : "object")
                        + ", which a message property cannot");
        }
    }

    private static Object readString(String text, char type) {
        switch (type) {
            case ESCAPED_STRING:
                byte[] bytes = Base64.getDecoder().decode(text);
                return ModifiedUtf8.decode(bytes, 0, bytes.length);
            case DOUBLE:
                return Double.parseDouble(text);
            case FLOAT:
                return Float.parseFloat(text);
            default:
                return text;
        }
    }

    private static Object readNumber(JsonParser in, JsonToken token, char type) throws IOException {
        switch (type) {
            case BYTE:
                return (byte) checkRange(integral(in, token), Byte.MIN_VALUE, Byte.MAX_VALUE);
            case SHORT:
                return (short) checkRange(integral(in, token), Short.MIN_VALUE, Short.MAX_VALUE);
            case INT:
                return (int) checkRange(integral(in, token), Integer.MIN_VALUE, Integer.MAX_VALUE);
            case LONG:
                return integral(in, token);
            case FLOAT:
                return Float.parseFloat(in.getText());
            case DOUBLE:
                return Double.parseDouble(in.getText());
            default:
                if (token == JsonToken.VALUE_NUMBER_INT) {
                    JsonParser.NumberType numberType = in.getNumberType();
                    if (numberType == JsonParser.NumberType.INT) {
                        return in.getIntValue();
                    }
                    if (numberType == JsonParser.NumberType.LONG) {
                        return in.getLongValue();
                    }
                }
                return Double.parseDouble(in.getText());
        }
    }

    private static long integral(JsonParser in, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NUMBER_INT) {
            JsonParser.NumberType numberType = in.getNumberType();
            if (numberType == JsonParser.NumberType.INT || numberType == JsonParser.NumberType.LONG) {
                return in.getLongValue();
            }
        }
        return new BigDecimal(in.getText()).longValueExact();
    }

    private static long checkRange(long value, long min, long max) {
        if (value < min || value > max) {
            throw new ArithmeticException(value + " is out of range");
        }
        return value;
    }

    private static String typeName(char type) {
        switch (type) {
            case BYTE:
                return "byte";
            case SHORT:
                return "short";
            case INT:
                return "int";
            case LONG:
                return "long";
            case FLOAT:
                return "float";
            case DOUBLE:
                return "double";
            case ESCAPED_STRING:
                return "Base64-escaped String";
            default:
                return "property value";
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
