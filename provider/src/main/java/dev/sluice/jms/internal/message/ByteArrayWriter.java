package dev.sluice.jms.internal.message;

import java.util.Arrays;

/**
 * A growable byte array written in big-endian order, as {@link java.io.DataOutputStream} writes, without its
 * synchronisation or checked exceptions. Backs {@code BytesMessage} bodies and {@link TypedValueFormat}.
 *
 * <p>Not thread-safe.
 */
final class ByteArrayWriter {

    private byte[] buffer;
    private int size;

    ByteArrayWriter(int initialCapacity) {
        buffer = new byte[Math.max(16, initialCapacity)];
    }

    int size() {
        return size;
    }

    /** The internal array; bytes from {@link #size()} on are unused. */
    byte[] buffer() {
        return buffer;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    private void ensure(int more) {
        int needed = size + more;
        if (needed < 0) {
            throw new IllegalStateException("A message body cannot exceed " + Integer.MAX_VALUE + " bytes");
        }
        if (needed > buffer.length) {
            int grown = buffer.length * 2;
            buffer = Arrays.copyOf(buffer, grown < needed || grown < 0 ? needed : grown);
        }
    }

    void writeByte(int value) {
        ensure(1);
        buffer[size++] = (byte) value;
    }

    void writeShort(int value) {
        ensure(2);
        buffer[size++] = (byte) (value >> 8);
        buffer[size++] = (byte) value;
    }

    void writeInt(int value) {
        ensure(4);
        buffer[size++] = (byte) (value >> 24);
        buffer[size++] = (byte) (value >> 16);
        buffer[size++] = (byte) (value >> 8);
        buffer[size++] = (byte) value;
    }

    void writeLong(long value) {
        writeInt((int) (value >> 32));
        writeInt((int) value);
    }

    void writeFloat(float value) {
        writeInt(Float.floatToIntBits(value));
    }

    void writeDouble(double value) {
        writeLong(Double.doubleToLongBits(value));
    }

    void writeBytes(byte[] value, int offset, int length) {
        if (offset < 0 || length < 0 || offset > value.length - length) {
            throw new IndexOutOfBoundsException("Cannot write " + length + " bytes from offset " + offset
                    + " of an array of " + value.length);
        }
        ensure(length);
        System.arraycopy(value, offset, buffer, size, length);
        size += length;
    }

    /** Writes {@code text} in {@link ModifiedUtf8}, without a length; {@code encodedLength} is its length. */
    void writeModifiedUtf8(String text, int encodedLength) {
        ensure(encodedLength);
        size = ModifiedUtf8.encode(text, buffer, size);
    }
}
