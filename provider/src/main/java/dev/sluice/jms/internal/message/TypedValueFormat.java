package dev.sluice.jms.internal.message;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stored form of MapMessage and StreamMessage bodies: typed values in a compact big-endian binary encoding.
 *
 * <pre>
 * body   := version:u8 (= 1)  count:i32  item{count}
 * map    item := name:string value        stream item := value
 * value  := tag:u8 payload
 *   tag 0 null      (no payload)
 *   tag 1 boolean   u8 0 or 1
 *   tag 2 byte      i8
 *   tag 3 short     i16
 *   tag 4 char      u16 (a UTF-16 code unit)
 *   tag 5 int       i32
 *   tag 6 long      i64
 *   tag 7 float     IEEE 754 binary32 bits, i32
 *   tag 8 double    IEEE 754 binary64 bits, i64
 *   tag 9 String    string
 *   tag 10 byte[]   length:i32 bytes
 * string := length:i32 (bytes, not chars) then Java modified UTF-8 ({@link ModifiedUtf8})
 * </pre>
 * Every Java value round-trips exactly: NaN payloads are canonicalised as {@link java.io.DataOutput} does, strings
 * with unpaired surrogates survive. New tags or a new version may be added; existing ones never change meaning.
 *
 * <p>Stateless and thread-safe.
 */
final class TypedValueFormat {

    private static final int VERSION = 1;

    private static final int NULL = 0;
    private static final int BOOLEAN = 1;
    private static final int BYTE = 2;
    private static final int SHORT = 3;
    private static final int CHAR = 4;
    private static final int INT = 5;
    private static final int LONG = 6;
    private static final int FLOAT = 7;
    private static final int DOUBLE = 8;
    private static final int STRING = 9;
    private static final int BYTES = 10;

    private TypedValueFormat() {
    }

    static byte[] encodeMap(Map<String, Object> entries) {
        ByteArrayWriter out = new ByteArrayWriter(16 + entries.size() * 24);
        out.writeByte(VERSION);
        out.writeInt(entries.size());
        for (Map.Entry<String, Object> entry : entries.entrySet()) {
            writeString(out, entry.getKey());
            writeValue(out, entry.getValue());
        }
        return out.toByteArray();
    }

    static byte[] encodeStream(List<Object> values) {
        ByteArrayWriter out = new ByteArrayWriter(16 + values.size() * 12);
        out.writeByte(VERSION);
        out.writeInt(values.size());
        for (Object value : values) {
            writeValue(out, value);
        }
        return out.toByteArray();
    }

    /**
     * @throws IllegalArgumentException if the body is not in this format, saying where
     */
    static LinkedHashMap<String, Object> decodeMap(byte[] body) {
        ByteBuffer in = ByteBuffer.wrap(body);
        try {
            int count = readHeader(in, "map");
            LinkedHashMap<String, Object> entries = new LinkedHashMap<>(Math.max(4, count * 4 / 3 + 1));
            for (int i = 0; i < count; i++) {
                String name = readString(in);
                entries.put(name, readValue(in));
            }
            return entries;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("The map body (" + body.length + " bytes) ends in the middle of a "
                    + "value", e);
        }
    }

    /**
     * @throws IllegalArgumentException if the body is not in this format, saying where
     */
    static ArrayList<Object> decodeStream(byte[] body) {
        ByteBuffer in = ByteBuffer.wrap(body);
        try {
            int count = readHeader(in, "stream");
            ArrayList<Object> values = new ArrayList<>(Math.max(4, count));
            for (int i = 0; i < count; i++) {
                values.add(readValue(in));
            }
            return values;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("The stream body (" + body.length + " bytes) ends in the middle of "
                    + "a value", e);
        }
    }

    private static int readHeader(ByteBuffer in, String kind) {
        int version = in.get() & 0xFF;
        if (version != VERSION) {
            throw new IllegalArgumentException("The " + kind + " body has format version " + version
                    + ", this Sluice reads version " + VERSION);
        }
        int count = in.getInt();
        if (count < 0 || count > in.remaining()) {
            throw new IllegalArgumentException("The " + kind + " body claims " + count + " items in "
                    + in.remaining() + " bytes");
        }
        return count;
    }

    private static void writeValue(ByteArrayWriter out, Object value) {
        if (value == null) {
            out.writeByte(NULL);
        } else if (value instanceof String) {
            out.writeByte(STRING);
            writeString(out, (String) value);
        } else if (value instanceof Integer) {
            out.writeByte(INT);
            out.writeInt((Integer) value);
        } else if (value instanceof Long) {
            out.writeByte(LONG);
            out.writeLong((Long) value);
        } else if (value instanceof Boolean) {
            out.writeByte(BOOLEAN);
            out.writeByte((Boolean) value ? 1 : 0);
        } else if (value instanceof Double) {
            out.writeByte(DOUBLE);
            out.writeDouble((Double) value);
        } else if (value instanceof Float) {
            out.writeByte(FLOAT);
            out.writeFloat((Float) value);
        } else if (value instanceof byte[]) {
            byte[] bytes = (byte[]) value;
            out.writeByte(BYTES);
            out.writeInt(bytes.length);
            out.writeBytes(bytes, 0, bytes.length);
        } else if (value instanceof Short) {
            out.writeByte(SHORT);
            out.writeShort((Short) value);
        } else if (value instanceof Byte) {
            out.writeByte(BYTE);
            out.writeByte((Byte) value);
        } else if (value instanceof Character) {
            out.writeByte(CHAR);
            out.writeShort((Character) value);
        } else {
            throw new IllegalArgumentException("A map or stream body cannot hold a " + value.getClass().getName());
        }
    }

    private static Object readValue(ByteBuffer in) {
        int tag = in.get() & 0xFF;
        switch (tag) {
            case NULL:
                return null;
            case BOOLEAN:
                return in.get() != 0;
            case BYTE:
                return in.get();
            case SHORT:
                return in.getShort();
            case CHAR:
                return in.getChar();
            case INT:
                return in.getInt();
            case LONG:
                return in.getLong();
            case FLOAT:
                return in.getFloat();
            case DOUBLE:
                return in.getDouble();
            case STRING:
                return readString(in);
            case BYTES:
                byte[] bytes = new byte[checkedLength(in)];
                in.get(bytes);
                return bytes;
            default:
                throw new IllegalArgumentException("Unknown value tag " + tag + " at byte " + (in.position() - 1)
                        + " of the body");
        }
    }

    private static void writeString(ByteArrayWriter out, String text) {
        long length = ModifiedUtf8.encodedLength(text);
        if (length > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("A string of " + text.length() + " chars is too long for a body");
        }
        out.writeInt((int) length);
        out.writeModifiedUtf8(text, (int) length);
    }

    private static String readString(ByteBuffer in) {
        int length = checkedLength(in);
        int start = in.position();
        in.position(start + length);
        return ModifiedUtf8.decode(in.array(), in.arrayOffset() + start, length);
    }

    private static int checkedLength(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("A length of " + length + " at byte " + (in.position() - 4)
                    + " runs past the end of the body (" + in.remaining() + " bytes remain)");
        }
        return length;
    }
}
