package dev.sluice.jms.internal.message;

import jakarta.jms.BytesMessage;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotReadableException;
import jakarta.jms.MessageNotWriteableException;

import java.util.Arrays;

/**
 * A message whose body is a stream of uninterpreted bytes, written and read as {@link java.io.DataOutputStream} and
 * {@link java.io.DataInputStream} do (Jakarta Messaging 3.1, section 3.11). The log stores the bytes as they are.
 *
 * <p>A new message, or one after {@link #clearBody()}, is write-only; {@link #reset()} (which the provider calls on
 * receipt) makes it read-only and moves to the start. A read that fails (end of body, malformed UTF) leaves the
 * read position where it was, as section 3.11.3 requires, so the data can be read again as another type.
 *
 * <p>Not thread-safe: one thread uses a message at a time.
 */
public class SluiceBytesMessage extends SluiceMessage implements BytesMessage {

    private static final byte[] EMPTY = new byte[0];
    private static final int MAX_UTF_LENGTH = 65535;

    /** Write mode: what has been written; null until the first write. */
    private ByteArrayWriter writer;
    /** Read mode: the body is {@code data[0, length)}, the next read starts at {@code position}. */
    private byte[] data = EMPTY;
    private int length;
    private int position;
    private boolean readMode;

    public SluiceBytesMessage() {
    }

    @Override
    public int bodyTypeCode() {
        return BodyType.BYTES.code();
    }

    @Override
    void makeBodyReadOnly() {
        reset();
    }

    /** Sets a received body, read-only and positioned at the start; the array is not copied. */
    void setReceivedBody(byte[] body) {
        writer = null;
        data = body == null ? EMPTY : body;
        length = data.length;
        position = 0;
        readMode = true;
    }

    /** A copy of the whole body, in either mode. */
    byte[] bodyBytes() {
        if (readMode) {
            return Arrays.copyOf(data, length);
        }
        return writer == null ? EMPTY : writer.toByteArray();
    }

    private int bodyLength() {
        if (readMode) {
            return length;
        }
        return writer == null ? 0 : writer.size();
    }

    @Override
    public void clearBody() {
        writer = null;
        data = EMPTY;
        length = 0;
        position = 0;
        readMode = false;
    }

    /** Makes the body read-only and moves to its start. */
    @Override
    public void reset() {
        if (!readMode) {
            data = writer == null ? EMPTY : writer.buffer();
            length = writer == null ? 0 : writer.size();
            writer = null;
            readMode = true;
        }
        position = 0;
    }

    @Override
    public long getBodyLength() throws MessageNotReadableException {
        checkReadable();
        return length;
    }

    // ---- reading ----

    private void checkReadable() throws MessageNotReadableException {
        if (!readMode) {
            throw new MessageNotReadableException("This BytesMessage is write-only until reset() is called "
                    + "(a received message is already readable)");
        }
    }

    /** Checks that {@code count} bytes remain and returns the position they start at. */
    private int take(int count, String what) throws MessageNotReadableException, MessageEOFException {
        checkReadable();
        if (length - position < count) {
            throw new MessageEOFException("Cannot read " + what + ": it needs " + count + " bytes but "
                    + (length - position) + " remain at position " + position + " of this " + length
                    + "-byte BytesMessage");
        }
        int start = position;
        position += count;
        return start;
    }

    @Override
    public boolean readBoolean() throws MessageNotReadableException, MessageEOFException {
        return data[take(1, "a boolean")] != 0;
    }

    @Override
    public byte readByte() throws MessageNotReadableException, MessageEOFException {
        return data[take(1, "a byte")];
    }

    @Override
    public int readUnsignedByte() throws MessageNotReadableException, MessageEOFException {
        return data[take(1, "an unsigned byte")] & 0xFF;
    }

    @Override
    public short readShort() throws MessageNotReadableException, MessageEOFException {
        return (short) readTwoBytes(take(2, "a short"));
    }

    @Override
    public int readUnsignedShort() throws MessageNotReadableException, MessageEOFException {
        return readTwoBytes(take(2, "an unsigned short"));
    }

    @Override
    public char readChar() throws MessageNotReadableException, MessageEOFException {
        return (char) readTwoBytes(take(2, "a char"));
    }

    private int readTwoBytes(int at) {
        return ((data[at] & 0xFF) << 8) | (data[at + 1] & 0xFF);
    }

    @Override
    public int readInt() throws MessageNotReadableException, MessageEOFException {
        return readFourBytes(take(4, "an int"));
    }

    private int readFourBytes(int at) {
        return ((data[at] & 0xFF) << 24) | ((data[at + 1] & 0xFF) << 16) | ((data[at + 2] & 0xFF) << 8)
                | (data[at + 3] & 0xFF);
    }

    @Override
    public long readLong() throws MessageNotReadableException, MessageEOFException {
        int at = take(8, "a long");
        return ((long) readFourBytes(at) << 32) | (readFourBytes(at + 4) & 0xFFFFFFFFL);
    }

    @Override
    public float readFloat() throws MessageNotReadableException, MessageEOFException {
        return Float.intBitsToFloat(readFourBytes(take(4, "a float")));
    }

    @Override
    public double readDouble() throws MessageNotReadableException, MessageEOFException {
        int at = take(8, "a double");
        return Double.longBitsToDouble(((long) readFourBytes(at) << 32) | (readFourBytes(at + 4) & 0xFFFFFFFFL));
    }

    /**
     * Reads a string written by {@link #writeUTF}: a two-byte length, then modified UTF-8.
     *
     * @throws MessageFormatException if the bytes are not modified UTF-8 (the position stays where it was)
     */
    @Override
    public String readUTF() throws MessageNotReadableException, MessageEOFException, MessageFormatException {
        int start = position;
        int utfLength = readTwoBytes(take(2, "the length of a UTF string"));
        try {
            int at = take(utfLength, "a UTF string of " + utfLength + " bytes");
            return ModifiedUtf8.decode(data, at, utfLength);
        } catch (MessageEOFException e) {
            position = start;
            throw e;
        } catch (IllegalArgumentException e) {
            position = start;
            MessageFormatException exception = new MessageFormatException("Cannot read a UTF string at position "
                    + start + " of this BytesMessage: " + e.getMessage());
            exception.initCause(e);
            throw exception;
        }
    }

    @Override
    public int readBytes(byte[] value) throws MessageNotReadableException {
        return readBytes(value, value.length);
    }

    /**
     * @throws IndexOutOfBoundsException if length is negative or more than the array's length
     */
    @Override
    public int readBytes(byte[] value, int length) throws MessageNotReadableException {
        if (length < 0 || length > value.length) {
            throw new IndexOutOfBoundsException("Cannot read " + length + " bytes into an array of " + value.length);
        }
        checkReadable();
        int remaining = this.length - position;
        if (remaining == 0) {
            return -1;
        }
        int count = Math.min(length, remaining);
        System.arraycopy(data, position, value, 0, count);
        position += count;
        return count;
    }

    // ---- writing ----

    private ByteArrayWriter writable() throws MessageNotWriteableException {
        if (readMode) {
            throw new MessageNotWriteableException("This BytesMessage is read-only (it was received or reset()); "
                    + "call clearBody() to write a new body");
        }
        if (writer == null) {
            writer = new ByteArrayWriter(64);
        }
        return writer;
    }

    @Override
    public void writeBoolean(boolean value) throws MessageNotWriteableException {
        writable().writeByte(value ? 1 : 0);
    }

    @Override
    public void writeByte(byte value) throws MessageNotWriteableException {
        writable().writeByte(value);
    }

    @Override
    public void writeShort(short value) throws MessageNotWriteableException {
        writable().writeShort(value);
    }

    @Override
    public void writeChar(char value) throws MessageNotWriteableException {
        writable().writeShort(value);
    }

    @Override
    public void writeInt(int value) throws MessageNotWriteableException {
        writable().writeInt(value);
    }

    @Override
    public void writeLong(long value) throws MessageNotWriteableException {
        writable().writeLong(value);
    }

    @Override
    public void writeFloat(float value) throws MessageNotWriteableException {
        writable().writeFloat(value);
    }

    @Override
    public void writeDouble(double value) throws MessageNotWriteableException {
        writable().writeDouble(value);
    }

    /**
     * Writes a two-byte length and the string in modified UTF-8, as {@link java.io.DataOutput#writeUTF}.
     *
     * @throws MessageFormatException if the encoded string is longer than 65535 bytes
     */
    @Override
    public void writeUTF(String value) throws MessageNotWriteableException, MessageFormatException {
        ByteArrayWriter target = writable();
        long encodedLength = ModifiedUtf8.encodedLength(value);
        if (encodedLength > MAX_UTF_LENGTH) {
            throw new MessageFormatException("Cannot writeUTF a string of " + value.length() + " chars: it encodes "
                    + "to " + encodedLength + " bytes, more than the 65535 writeUTF allows; write its "
                    + "getBytes(UTF_8) with writeInt and writeBytes instead");
        }
        target.writeShort((int) encodedLength);
        target.writeModifiedUtf8(value, (int) encodedLength);
    }

    @Override
    public void writeBytes(byte[] value) throws MessageNotWriteableException {
        writable().writeBytes(value, 0, value.length);
    }

    @Override
    public void writeBytes(byte[] value, int offset, int length) throws MessageNotWriteableException {
        writable().writeBytes(value, offset, length);
    }

    /**
     * Writes a Boolean, Byte, Short, Character, Integer, Long, Float, Double, String (as {@link #writeUTF}) or
     * byte[].
     *
     * @throws NullPointerException   if value is null, as the specification says
     * @throws MessageFormatException if value is of another type
     */
    @Override
    public void writeObject(Object value) throws MessageNotWriteableException, MessageFormatException {
        if (value == null) {
            throw new NullPointerException("BytesMessage.writeObject cannot write null");
        }
        if (value instanceof String) {
            writeUTF((String) value);
        } else if (value instanceof Integer) {
            writeInt((Integer) value);
        } else if (value instanceof Long) {
            writeLong((Long) value);
        } else if (value instanceof byte[]) {
            writeBytes((byte[]) value);
        } else if (value instanceof Boolean) {
            writeBoolean((Boolean) value);
        } else if (value instanceof Double) {
            writeDouble((Double) value);
        } else if (value instanceof Float) {
            writeFloat((Float) value);
        } else if (value instanceof Short) {
            writeShort((Short) value);
        } else if (value instanceof Byte) {
            writeByte((Byte) value);
        } else if (value instanceof Character) {
            writeChar((Character) value);
        } else {
            throw new MessageFormatException("BytesMessage.writeObject cannot write a " + value.getClass().getName()
                    + ": only Boolean, Byte, Short, Character, Integer, Long, Float, Double, String and byte[]");
        }
    }

    // ---- body as an object ----

    /**
     * Returns a copy of the whole body as {@code byte[]}, or null when the body is empty; resets the message before
     * and after, as the specification says.
     *
     * @throws MessageFormatException if the body is not empty and {@code type} is not byte[] or a supertype of it
     */
    @Override
    public <T> T getBody(Class<T> type) throws MessageFormatException {
        if (bodyLength() == 0) {
            return null;
        }
        if (!type.isAssignableFrom(byte[].class)) {
            throw new MessageFormatException("The body of this BytesMessage is a byte[], which cannot be assigned to "
                    + type.getName() + "; ask for byte[].class");
        }
        reset();
        byte[] copy = Arrays.copyOf(data, length);
        reset();
        return type.cast(copy);
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public boolean isBodyAssignableTo(Class type) {
        return bodyLength() == 0 || type.isAssignableFrom(byte[].class);
    }
}
