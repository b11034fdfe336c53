package dev.sluice.jms.internal.message;

import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotReadableException;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.StreamMessage;

import java.util.ArrayList;
import java.util.List;

/**
 * A message whose body is a sequence of typed values, written and read in order (Jakarta Messaging 3.1, section
 * 3.11.3) with that section's conversions. The log stores it in {@link TypedValueFormat}.
 *
 * <p>A new message, or one after {@link #clearBody()}, is write-only; {@link #reset()} (which the provider calls on
 * receipt) makes it read-only and moves to the first value. A read that throws {@link MessageFormatException} or
 * {@link NumberFormatException} does not move on, so the value can be read again as another type. A byte[] value
 * read in pieces with {@link #readBytes(byte[])} must be read to its end before the next value.
 *
 * <p>Not thread-safe: one thread uses a message at a time.
 */
public class SluiceStreamMessage extends SluiceMessage implements StreamMessage {

    private static final String KIND = "stream field";

    private ArrayList<Object> values = new ArrayList<>();
    private boolean readMode;
    /** Read mode: the index of the next value. */
    private int position;
    /** How much of the byte[] value at {@code position} readBytes has returned, or -1 when none is in progress. */
    private int bytesRead = -1;

    public SluiceStreamMessage() {
    }

    @Override
    public int bodyTypeCode() {
        return BodyType.STREAM.code();
    }

    @Override
    void makeBodyReadOnly() {
        reset();
    }

    /** Sets a received body, read-only at the first value; the list is taken over, not copied. */
    void setReceivedBody(ArrayList<Object> received) {
        values = received;
        readMode = true;
        position = 0;
        bytesRead = -1;
    }

    /** The values, for encoding; do not modify. */
    List<Object> values() {
        return values;
    }

    @Override
    public void clearBody() {
        values = new ArrayList<>();
        readMode = false;
        position = 0;
        bytesRead = -1;
    }

    /** Makes the body read-only and moves to the first value. */
    @Override
    public void reset() {
        readMode = true;
        position = 0;
        bytesRead = -1;
    }

    // ---- reading ----

    /** The next value, without moving past it. */
    private Object peek(String what) throws MessageNotReadableException, MessageEOFException, MessageFormatException {
        if (!readMode) {
            throw new MessageNotReadableException("This StreamMessage is write-only until reset() is called "
                    + "(a received message is already readable)");
        }
        if (position >= values.size()) {
            throw new MessageEOFException("Cannot read " + what + ": all " + values.size() + " values of this "
                    + "StreamMessage have been read");
        }
        if (bytesRead >= 0) {
            throw new MessageFormatException("Cannot read " + what + ": the byte[] " + KIND + " " + position
                    + " has been read only in part; call readBytes until it returns less than the buffer's length");
        }
        return values.get(position);
    }

    private <T> T advance(T value) {
        position++;
        return value;
    }

    @Override
    public boolean readBoolean() throws MessageNotReadableException, MessageEOFException, MessageFormatException {
        return advance(ValueConversions.toBoolean(peek("a boolean"), KIND, position));
    }

    @Override
    public byte readByte() throws MessageNotReadableException, MessageEOFException, MessageFormatException {
        return advance(ValueConversions.toByte(peek("a byte"), KIND, position));
    }

    @Override
    public short readShort() throws MessageNotReadableException, MessageEOFException, MessageFormatException {
        return advance(ValueConversions.toShort(peek("a short"), KIND, position));
    }

    @Override
    public char readChar() throws MessageNotReadableException, MessageEOFException, MessageFormatException {
        return advance(ValueConversions.toChar(peek("a char"), KIND, position));
    }

    @Override
    public int readInt() throws MessageNotReadableException, MessageEOFException, MessageFormatException {
        return advance(ValueConversions.toInt(peek("an int"), KIND, position));
    }

    @Override
    public long readLong() throws MessageNotReadableException, MessageEOFException, MessageFormatException {
        return advance(ValueConversions.toLong(peek("a long"), KIND, position));
    }

    @Override
    public float readFloat() throws MessageNotReadableException, MessageEOFException, MessageFormatException {
        return advance(ValueConversions.toFloat(peek("a float"), KIND, position));
    }

    @Override
    public double readDouble() throws MessageNotReadableException, MessageEOFException, MessageFormatException {
        return advance(ValueConversions.toDouble(peek("a double"), KIND, position));
    }

    @Override
    public String readString() throws MessageNotReadableException, MessageEOFException, MessageFormatException {
        return advance(ValueConversions.toText(peek("a String"), KIND, position));
    }

    /**
     * Reads a byte[] value into {@code value}, in as many calls as it takes: each returns how many bytes it copied,
     * and the value ends with a call that returns less than the buffer's length (-1 when nothing was left). A null
     * value returns -1, an empty one 0.
     *
     * @throws MessageFormatException if the next value is not a byte[] or null
     */
    @Override
    public int readBytes(byte[] value)
            throws MessageNotReadableException, MessageEOFException, MessageFormatException {
        byte[] field;
        if (bytesRead < 0) {
            Object next = peek("a byte[]");
            field = ValueConversions.toBytes(next, KIND, position);
            if (field == null) {
                position++;
                return -1;
            }
            if (field.length == 0) {
                position++;
                return 0;
            }
            bytesRead = 0;
        } else {
            field = (byte[]) values.get(position);
        }
        int remaining = field.length - bytesRead;
        if (remaining == 0) {
            bytesRead = -1;
            position++;
            return -1;
        }
        int count = Math.min(value.length, remaining);
        System.arraycopy(field, bytesRead, value, 0, count);
        bytesRead += count;
        if (count < value.length) {
            bytesRead = -1;
            position++;
        }
        return count;
    }

    /** The next value in objectified form (an int as Integer, a byte[] as a copy), or null. */
    @Override
    public Object readObject() throws MessageNotReadableException, MessageEOFException, MessageFormatException {
        Object value = peek("a value");
        position++;
        return value instanceof byte[] ? ((byte[]) value).clone() : value;
    }

    // ---- writing ----

    private void add(Object value) throws MessageNotWriteableException {
        if (readMode) {
            throw new MessageNotWriteableException("This StreamMessage is read-only (it was received or reset()); "
                    + "call clearBody() to write a new body");
        }
        values.add(value);
    }

    @Override
    public void writeBoolean(boolean value) throws MessageNotWriteableException {
        add(value);
    }

    @Override
    public void writeByte(byte value) throws MessageNotWriteableException {
        add(value);
    }

    @Override
    public void writeShort(short value) throws MessageNotWriteableException {
        add(value);
    }

    @Override
    public void writeChar(char value) throws MessageNotWriteableException {
        add(value);
    }

    @Override
    public void writeInt(int value) throws MessageNotWriteableException {
        add(value);
    }

    @Override
    public void writeLong(long value) throws MessageNotWriteableException {
        add(value);
    }

    @Override
    public void writeFloat(float value) throws MessageNotWriteableException {
        add(value);
    }

    @Override
    public void writeDouble(double value) throws MessageNotWriteableException {
        add(value);
    }

    @Override
    public void writeString(String value) throws MessageNotWriteableException {
        add(value);
    }

    /** Writes a copy of the array as one byte[] value; null writes a null value. */
    @Override
    public void writeBytes(byte[] value) throws MessageNotWriteableException {
        add(value == null ? null : value.clone());
    }

    /** Writes a copy of {@code value[offset, offset + length)} as one byte[] value. */
    @Override
    public void writeBytes(byte[] value, int offset, int length) throws MessageNotWriteableException {
        if (offset < 0 || length < 0 || offset > value.length - length) {
            throw new IndexOutOfBoundsException("Cannot take " + length + " bytes from offset " + offset
                    + " of an array of " + value.length);
        }
        byte[] copy = new byte[length];
        System.arraycopy(value, offset, copy, 0, length);
        add(copy);
    }

    /**
     * Writes a Boolean, Byte, Short, Character, Integer, Long, Float, Double, String, byte[] (copied) or null.
     *
     * @throws MessageFormatException if the value is of another type
     */
    @Override
    public void writeObject(Object value) throws MessageNotWriteableException, MessageFormatException {
        if (value instanceof byte[]) {
            writeBytes((byte[]) value);
            return;
        }
        if (value != null && !ValueConversions.isPrimitiveOrString(value)) {
            throw new MessageFormatException("StreamMessage.writeObject cannot write a " + value.getClass().getName()
                    + ": only Boolean, Byte, Short, Character, Integer, Long, Float, Double, String, byte[] and null");
        }
        add(value);
    }

    // ---- body as an object ----

    /**
     * A StreamMessage body cannot be returned as one object.
     *
     * @throws MessageFormatException always, as the specification says
     */
    @Override
    public <T> T getBody(Class<T> type) throws MessageFormatException {
        throw new MessageFormatException("The body of a StreamMessage cannot be read with getBody; read its values "
                + "with readObject() or the typed read methods");
    }

    /** Always false for a StreamMessage, as the specification says. */
    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public boolean isBodyAssignableTo(Class type) {
        return false;
    }
}
