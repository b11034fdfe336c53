package dev.sluice.jms.internal.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The properties of one message: typed values by name, the read-only state they get on receipt, and the
 * provider-set {@code JMSXDeliveryCount} (Jakarta Messaging 3.1, section 3.5). Values are {@code Boolean, Byte,
 * Short, Integer, Long, Float, Double, String} or null (a String property set to null); names are kept in the
 * order they were first set.
 *
 * <p>Not thread-safe: confined to the thread that uses its message.
 */
final class MessageProperties {

    private static final String KIND = "property";

    /** Null until the first property is set: most messages have none. */
    private LinkedHashMap<String, Object> values;
    /** 0 when the message was not received; otherwise how often it has been delivered. */
    private int deliveryCount;
    private boolean readOnly;

    boolean isReadOnly() {
        return readOnly;
    }

    void makeReadOnly() {
        readOnly = true;
    }

    /** Removes every property, {@code JMSXDeliveryCount} included, and makes the properties writable. */
    void clear() {
        values = null;
        deliveryCount = 0;
        readOnly = false;
    }

    int deliveryCount() {
        return deliveryCount;
    }

    void setDeliveryCount(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("A delivery count must be 0 (not received) or more, not " + count);
        }
        deliveryCount = count;
    }

    boolean exists(String name) {
        if (deliveryCount > 0 && PropertyNames.JMSX_DELIVERY_COUNT.equals(name)) {
            return true;
        }
        return values != null && values.containsKey(name);
    }

    /** The value, or null when there is no property of that name (or it is a String set to null). */
    Object get(String name) {
        if (deliveryCount > 0 && PropertyNames.JMSX_DELIVERY_COUNT.equals(name)) {
            return deliveryCount;
        }
        return values == null ? null : values.get(name);
    }

    boolean getBoolean(String name) throws MessageFormatException {
        return ValueConversions.toBoolean(get(name), KIND, name);
    }

    byte getByte(String name) throws MessageFormatException {
        return ValueConversions.toByte(get(name), KIND, name);
    }

    short getShort(String name) throws MessageFormatException {
        return ValueConversions.toShort(get(name), KIND, name);
    }

    int getInt(String name) throws MessageFormatException {
        return ValueConversions.toInt(get(name), KIND, name);
    }

    long getLong(String name) throws MessageFormatException {
        return ValueConversions.toLong(get(name), KIND, name);
    }

    float getFloat(String name) throws MessageFormatException {
        return ValueConversions.toFloat(get(name), KIND, name);
    }

    double getDouble(String name) throws MessageFormatException {
        return ValueConversions.toDouble(get(name), KIND, name);
    }

    String getString(String name) throws MessageFormatException {
        return ValueConversions.toText(get(name), KIND, name);
    }

    Enumeration<String> names() {
        List<String> names = new ArrayList<>(values == null ? 1 : values.size() + 1);
        if (values != null) {
            names.addAll(values.keySet());
        }
        if (deliveryCount > 0) {
            names.add(PropertyNames.JMSX_DELIVERY_COUNT);
        }
        return Collections.enumeration(names);
    }

    /**
     * Sets a property as the application does: the properties must be writable, the name settable
     * ({@link PropertyNames#checkSettable}) and the value one of the property types.
     */
    void set(String name, Object value) throws JMSException {
        if (readOnly) {
            throw new MessageNotWriteableException("Cannot set property '" + name + "': the properties of a "
                    + "received message are read-only; call clearProperties() first to replace them");
        }
        PropertyNames.checkSettable(name);
        checkValue(name, value);
        if (name.startsWith("JMSX")) {
            checkJmsxType(name, value);
        }
        put(name, value);
    }

    /**
     * Sets a property copied from another provider's message: any non-empty name (that provider's rules may
     * differ), values of the property types only; the provider-set JMSX properties are left out.
     */
    void putForeign(String name, Object value) throws MessageFormatException {
        if (name == null || name.isEmpty() || name.indexOf('\0') >= 0 || PropertyNames.isProviderSet(name)) {
            return;
        }
        checkValue(name, value);
        put(name, value);
    }

    /** Sets a property without checks, for values decoded from the log. */
    void put(String name, Object value) {
        if (values == null) {
            values = new LinkedHashMap<>();
        }
        values.put(name, value);
    }

    /** The application's properties (not {@code JMSXDeliveryCount}), in the order set; do not modify. */
    Map<String, Object> values() {
        return values == null ? Map.of() : values;
    }

    boolean isEmpty() {
        return values == null || values.isEmpty();
    }

    private static void checkValue(String name, Object value) throws MessageFormatException {
        if (value == null || value instanceof String || value instanceof Integer || value instanceof Long
                || value instanceof Boolean || value instanceof Double || value instanceof Float
                || value instanceof Short || value instanceof Byte) {
            return;
        }
        throw new MessageFormatException("Cannot set property '" + name + "' to a " + value.getClass().getName()
                + ": property values must be Boolean, Byte, Short, Integer, Long, Float, Double or String");
    }

    private static void checkJmsxType(String name, Object value) throws MessageFormatException {
        if (PropertyNames.JMSX_GROUP_SEQ.equals(name)) {
            if (!(value instanceof Integer)) {
                throw new MessageFormatException("Property JMSXGroupSeq must be an int, not "
                        + ValueConversions.withArticle(ValueConversions.typeName(value)));
            }
        } else if (value != null && !(value instanceof String)) {
            throw new MessageFormatException("Property " + name + " must be a String, not "
                    + ValueConversions.withArticle(ValueConversions.typeName(value)));
        }
    }
}
