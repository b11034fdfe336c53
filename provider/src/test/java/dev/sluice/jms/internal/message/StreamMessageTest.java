package dev.sluice.jms.internal.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.StreamMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** StreamMessage (section 3.11.3): every type, the conversion table with char and byte[], and read recovery. */
class StreamMessageTest {

    enum Type {
        BOOLEAN(true), BYTE((byte) 12), SHORT((short) 1234), CHAR('c'), INT(123456), LONG(12345678901L),
        FLOAT(1.5f), DOUBLE(2.25d), STRING("12"), BYTES(new byte[] {1, 2});

        final Object value;

        Type(Object value) {
            this.value = value;
        }

        Object read(StreamMessage message) throws JMSException {
            return switch (this) {
                case BOOLEAN -> message.readBoolean();
                case BYTE -> message.readByte();
                case SHORT -> message.readShort();
                case CHAR -> message.readChar();
                case INT -> message.readInt();
                case LONG -> message.readLong();
                case FLOAT -> message.readFloat();
                case DOUBLE -> message.readDouble();
                case STRING -> message.readString();
                case BYTES -> {
                    byte[] buffer = new byte[16];
                    int read = message.readBytes(buffer);
                    yield java.util.Arrays.copyOf(buffer, read);
                }
            };
        }

        void write(StreamMessage message) throws JMSException {
            switch (this) {
                case BOOLEAN -> message.writeBoolean((Boolean) value);
                case BYTE -> message.writeByte((Byte) value);
                case SHORT -> message.writeShort((Short) value);
                case CHAR -> message.writeChar((Character) value);
                case INT -> message.writeInt((Integer) value);
                case LONG -> message.writeLong((Long) value);
                case FLOAT -> message.writeFloat((Float) value);
                case DOUBLE -> message.writeDouble((Double) value);
                case STRING -> message.writeString((String) value);
                case BYTES -> message.writeBytes((byte[]) value);
            }
        }
    }

    private static final Map<Type, Set<Type>> ALLOWED = Map.of(
            Type.BOOLEAN, Set.of(Type.BOOLEAN, Type.STRING),
            Type.BYTE, Set.of(Type.BYTE, Type.SHORT, Type.INT, Type.LONG, Type.STRING),
            Type.SHORT, Set.of(Type.SHORT, Type.INT, Type.LONG, Type.STRING),
            Type.CHAR, Set.of(Type.CHAR, Type.STRING),
            Type.INT, Set.of(Type.INT, Type.LONG, Type.STRING),
            Type.LONG, Set.of(Type.LONG, Type.STRING),
            Type.FLOAT, Set.of(Type.FLOAT, Type.DOUBLE, Type.STRING),
            Type.DOUBLE, Set.of(Type.DOUBLE, Type.STRING),
            Type.STRING, Set.of(Type.BOOLEAN, Type.BYTE, Type.SHORT, Type.INT, Type.LONG, Type.FLOAT, Type.DOUBLE,
                    Type.STRING),
            Type.BYTES, Set.of(Type.BYTES));

    static Stream<Arguments> cells() {
        List<Arguments> cells = new ArrayList<>();
        for (Type written : Type.values()) {
            for (Type read : Type.values()) {
                cells.add(Arguments.of(written, read));
            }
        }
        return cells.stream();
    }

    @ParameterizedTest(name = "{0} read as {1}")
    @MethodSource("cells")
    void readsEveryCellOfTheConversionTableAndRecoversFromFailures(Type written, Type read) throws JMSException {
        for (boolean viaWriteObject : new boolean[] {false, true}) {
            SluiceStreamMessage message = new SluiceStreamMessage();
            if (viaWriteObject) {
                message.writeObject(written.value);
            } else {
                written.write(message);
            }
            message.reset();
            if (ALLOWED.get(written).contains(read)) {
                assertThat(read.read(message)).isEqualTo(expected(written, read));
                assertThatThrownBy(message::readObject).isInstanceOf(MessageEOFException.class);
            } else {
                assertThatThrownBy(() -> read.read(message)).isInstanceOf(MessageFormatException.class)
                        .hasMessageContaining("stream field 0");
                // the failed read did not move on: the value is still there
                assertThat(message.readObject()).isEqualTo(written.value);
            }
        }
    }

    private static Object expected(Type written, Type read) {
        Object value = written.value;
        if (read == Type.STRING) {
            return String.valueOf(value);
        }
        if (written == Type.STRING) {
            return switch (read) {
                case BOOLEAN -> false;
                case BYTE -> (byte) 12;
                case SHORT -> (short) 12;
                case INT -> 12;
                case LONG -> 12L;
                case FLOAT -> 12f;
                case DOUBLE -> 12d;
                default -> throw new IllegalArgumentException(read.name());
            };
        }
        return switch (read) {
            case SHORT -> ((Number) value).shortValue();
            case INT -> ((Number) value).intValue();
            case LONG -> ((Number) value).longValue();
            case DOUBLE -> ((Number) value).doubleValue();
            default -> value;
        };
    }

    @Test
    void unparsableStringThrowsNumberFormatExceptionAndCanBeReadAgain() throws JMSException {
        SluiceStreamMessage message = new SluiceStreamMessage();
        message.writeString("abc");
        message.reset();
        assertThatThrownBy(message::readInt).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(message::readDouble).isInstanceOf(NumberFormatException.class);
        assertThat(message.readString()).isEqualTo("abc");
    }

    @Test
    void nullValuesReadAsValueOfNull() throws JMSException {
        SluiceStreamMessage message = new SluiceStreamMessage();
        message.writeObject(null);
        message.writeString(null);
        message.writeBytes(null);
        message.writeObject(null);
        message.reset();
        assertThatThrownBy(message::readInt).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(message::readFloat).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(message::readChar).isInstanceOf(NullPointerException.class);
        assertThat(message.readBoolean()).isFalse();
        assertThat(message.readString()).isNull();
        assertThat(message.readBytes(new byte[2])).isEqualTo(-1);
        assertThat(message.readObject()).isNull();
    }

    @Test
    void readBytesReturnsAFieldInPiecesAndEndsItWithMinusOneOrAShortRead() throws JMSException {
        SluiceStreamMessage message = new SluiceStreamMessage();
        message.writeBytes(new byte[] {1, 2, 3, 4});
        message.writeBytes(new byte[] {5, 6, 7});
        message.writeBytes(new byte[0]);
        message.writeBytes(new byte[] {9, 9, 9, 9, 9}, 1, 2);
        message.writeInt(10);
        message.reset();
        byte[] buffer = new byte[2];
        assertThat(message.readBytes(buffer)).isEqualTo(2);
        assertThat(buffer).containsExactly(1, 2);
        assertThatThrownBy(message::readInt).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("read only in part");
        assertThatThrownBy(message::readObject).isInstanceOf(MessageFormatException.class);
        assertThat(message.readBytes(buffer)).isEqualTo(2);
        assertThat(buffer).containsExactly(3, 4);
        assertThat(message.readBytes(buffer)).isEqualTo(-1);

        byte[] large = new byte[8];
        assertThat(message.readBytes(large)).isEqualTo(3);
        assertThat(large).startsWith(5, 6, 7);
        assertThat(message.readBytes(large)).isZero();
        assertThat(message.readBytes(large)).isEqualTo(2);
        assertThat(large).startsWith(9, 9);
        assertThat(message.readInt()).isEqualTo(10);
        assertThatThrownBy(() -> message.readBytes(large)).isInstanceOf(MessageEOFException.class);
    }

    @Test
    void byteArraysAreCopiedInAndOut() throws JMSException {
        SluiceStreamMessage message = new SluiceStreamMessage();
        byte[] written = {1};
        message.writeBytes(written);
        written[0] = 2;
        message.reset();
        byte[] read = (byte[]) message.readObject();
        assertThat(read).containsExactly(1);
        read[0] = 3;
        message.reset();
        assertThat((byte[]) message.readObject()).containsExactly(1);
    }

    @Test
    void writeObjectRefusesUnsupportedTypes() {
        SluiceStreamMessage message = new SluiceStreamMessage();
        assertThatThrownBy(() -> message.writeObject(List.of(1))).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("java.util");
    }

    @Test
    void resetRereadsFromTheStart() throws JMSException {
        SluiceStreamMessage message = new SluiceStreamMessage();
        message.writeInt(1);
        message.writeInt(2);
        message.reset();
        assertThat(message.readInt()).isEqualTo(1);
        message.reset();
        assertThat(message.readInt()).isEqualTo(1);
        assertThat(message.readInt()).isEqualTo(2);
        assertThatThrownBy(message::readInt).isInstanceOf(MessageEOFException.class)
                .hasMessageContaining("all 2 values");
    }
}
