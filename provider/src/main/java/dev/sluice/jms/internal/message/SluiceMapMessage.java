package dev.sluice.jms.internal.message;

import jakarta.jms.MapMessage;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A message whose body is a set of named values of the primitive types, String and byte[] (Jakarta Messaging 3.1,
 * section 3.11), read with the conversions of section 3.11.3. The log stores it in {@link TypedValueFormat}.
 * Entries keep the order they were first set in (the specification leaves the order undefined). byte[] values are
 * copied in and out.
 *
 * <p>Not thread-safe: one thread uses a message at a time.
 */
public class SluiceMapMessage extends SluiceMessage implements MapMessage {

    private static final String KIND = "map entry";

    private LinkedHashMap<String, Object> entries = new LinkedHashMap<>();
    private boolean bodyReadOnly;

    public SluiceMapMessage() {
    }

    @Override
    public int bodyTypeCode() {
        return BodyType.MAP.code();
    }

    @Override
    void makeBodyReadOnly() {
        bodyReadOnly = true;
    }

    /** Sets a received body; the map is taken over, not copied. */
    void setReceivedBody(LinkedHashMap<String, Object> received) {
        entries = received;
    }

    /** The entries, for encoding; do not modify. */
    Map<String, Object> entries() {
        return entries;
    }

    @Override
    public void clearBody() {
        entries = new LinkedHashMap<>();
        bodyReadOnly = false;
    }

    // ---- reading ----

    @Override
    public boolean getBoolean(String name) throws MessageFormatException {
        return ValueConversions.toBoolean(entries.get(name), KIND, name);
    }

    @Override
    public byte getByte(String name) throws MessageFormatException {
        return ValueConversions.toByte(entries.get(name), KIND, name);
    }

    @Override
    public short getShort(String name) throws MessageFormatException {
        return ValueConversions.toShort(entries.get(name), KIND, name);
    }

    @Override
    public char getChar(String name) throws MessageFormatException {
        return ValueConversions.toChar(entries.get(name), KIND, name);
    }

    @Override
    public int getInt(String name) throws MessageFormatException {
        return ValueConversions.toInt(entries.get(name), KIND, name);
    }

    @Override
    public long getLong(String name) throws MessageFormatException {
        return ValueConversions.toLong(entries.get(name), KIND, name);
    }

    @Override
    public float getFloat(String name) throws MessageFormatException {
        return ValueConversions.toFloat(entries.get(name), KIND, name);
    }

    @Override
    public double getDouble(String name) throws MessageFormatException {
        return ValueConversions.toDouble(entries.get(name), KIND, name);
    }

    @Override
    public String getString(String name) throws MessageFormatException {
        return ValueConversions.toText(entries.get(name), KIND, name);
    }

    /** A copy of the byte[] value, or null when there is no entry of this name. */
    @Override
    public byte[] getBytes(String name) throws MessageFormatException {
        byte[] value = ValueConversions.toBytes(entries.get(name), KIND, name);
        return value == null ? null : value.clone();
    }

    /** The value in its objectified form (an int as Integer, bytes as a copied byte[]), or null. */
    @Override
    public Object getObject(String name) {
        Object value = entries.get(name);
        return value instanceof byte[] ? ((byte[]) value).clone() : value;
    }

    @Override
    public Enumeration<String> getMapNames() {
        return Collections.enumeration(new ArrayList<>(entries.keySet()));
    }

    @Override
    public boolean itemExists(String name) {
        return entries.containsKey(name);
    }

    // ---- writing ----

    private void put(String name, Object value) throws MessageNotWriteableException {
        if (bodyReadOnly) {
            throw bodyNotWriteable("MapMessage");
        }
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("A MapMessage entry name must not be "
                    + (name == null ? "null" : "empty"));
        }
        entries.put(name, value);
    }

    @Override
    public void setBoolean(String name, boolean value) throws MessageNotWriteableException {
        put(name, value);
    }

    @Override
    public void setByte(String name, byte value) throws MessageNotWriteableException {
        put(name, value);
    }

    @Override
    public void setShort(String name, short value) throws MessageNotWriteableException {
        put(name, value);
    }

    @Override
    public void setChar(String name, char value) throws MessageNotWriteableException {
        put(name, value);
    }

    @Override
    public void setInt(String name, int value) throws MessageNotWriteableException {
        put(name, value);
    }

    @Override
    public void setLong(String name, long value) throws MessageNotWriteableException {
        put(name, value);
    }

    @Override
    public void setFloat(String name, float value) throws MessageNotWriteableException {
        put(name, value);
    }

    @Override
    public void setDouble(String name, double value) throws MessageNotWriteableException {
        put(name, value);
    }

    @Override
    public void setString(String name, String value) throws MessageNotWriteableException {
        put(name, value);
    }

    /** Stores a copy of the array; null stores a null value. */
    @Override
    public void setBytes(String name, byte[] value) throws MessageNotWriteableException {
        put(name, value == null ? null : value.clone());
    }

    /** Stores a copy of {@code value[offset, offset + length)}. */
    @Override
    public void setBytes(String name, byte[] value, int offset, int length) throws MessageNotWriteableException {
        if (offset < 0 || length < 0 || offset > value.length - length) {
            throw new IndexOutOfBoundsException("Cannot take " + length + " bytes from offset " + offset
                    + " of an array of " + value.length + " for map entry '" + name + "'");
        }
        byte[] copy = new byte[length];
        System.arraycopy(value, offset, copy, 0, length);
        put(name, copy);
    }

    /**
     * Sets a Boolean, Byte, Short, Character, Integer, Long, Float, Double, String, byte[] (copied) or null.
     *
     * @throws MessageFormatException if the value is of another type
     */
    @Override
    public void setObject(String name, Object value) throws MessageNotWriteableException, MessageFormatException {
        if (value instanceof byte[]) {
            setBytes(name, (byte[]) value);
            return;
        }
        if (value != null && !ValueConversions.isPrimitiveOrString(value)) {
            throw new MessageFormatException("Cannot set map entry '" + name + "' to a " + value.getClass().getName()
                    + ": MapMessage values must be Boolean, Byte, Short, Character, Integer, Long, Float, Double, "
                    + "String or byte[]");
        }
        put(name, value);
    }

    // ---- body as an object ----

    /**
     * Returns a copy of the entries as a {@code Map<String, Object>}, or null when there are none.
     *
     * @throws MessageFormatException if there are entries and {@code type} is not Map or a supertype of it
     */
    @Override
    public <T> T getBody(Class<T> type) throws MessageFormatException {
        if (entries.isEmpty()) {
            return null;
        }
        if (!type.isAssignableFrom(Map.class)) {
            throw new MessageFormatException("The body of this MapMessage is a Map, which cannot be assigned to "
                    + type.getName() + "; ask for Map.class");
        }
        LinkedHashMap<String, Object> copy = new LinkedHashMap<>(entries);
        copy.replaceAll((name, value) -> value instanceof byte[] ? ((byte[]) value).clone() : value);
        return type.cast(copy);
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public boolean isBodyAssignableTo(Class type) {
        return entries.isEmpty() || type.isAssignableFrom(Map.class);
    }
}
