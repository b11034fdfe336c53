package dev.sluice.jms.internal.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.MessageFormatException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** MapMessage (section 3.11.1): every type and the conversion table of section 3.11.3 for named values. */
class MapMessageTest {

    private static final String NAME = "entry";

    enum Type {
        BOOLEAN(true), BYTE((byte) -12), SHORT((short) -1234), CHAR('\u00e9'), INT(-123456), LONG(-12345678901L),
        FLOAT(-1.5f), DOUBLE(-2.25d), STRING("-12"), BYTES(new byte[] {1, 2});

        final Object value;

        Type(Object value) {
            this.value = value;
        }

        Object get(MapMessage message) throws JMSException {
            return switch (this) {
                case BOOLEAN -> message.getBoolean(NAME);
                case BYTE -> message.getByte(NAME);
                case SHORT -> message.getShort(NAME);
                case CHAR -> message.getChar(NAME);
                case INT -> message.getInt(NAME);
                case LONG -> message.getLong(NAME);
                case FLOAT -> message.getFloat(NAME);
                case DOUBLE -> message.getDouble(NAME);
                case STRING -> message.getString(NAME);
                case BYTES -> message.getBytes(NAME);
            };
        }

        void set(MapMessage message) throws JMSException {
            switch (this) {
                case BOOLEAN -> message.setBoolean(NAME, (Boolean) value);
                case BYTE -> message.setByte(NAME, (Byte) value);
                case SHORT -> message.setShort(NAME, (Short) value);
                case CHAR -> message.setChar(NAME, (Character) value);
                case INT -> message.setInt(NAME, (Integer) value);
                case LONG -> message.setLong(NAME, (Long) value);
                case FLOAT -> message.setFloat(NAME, (Float) value);
                case DOUBLE -> message.setDouble(NAME, (Double) value);
                case STRING -> message.setString(NAME, (String) value);
                case BYTES -> message.setBytes(NAME, (byte[]) value);
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
    void readsEveryCellOfTheConversionTable(Type written, Type read) throws JMSException {
        for (boolean viaSetObject : new boolean[] {false, true}) {
            SluiceMapMessage message = new SluiceMapMessage();
            if (viaSetObject) {
                message.setObject(NAME, written.value);
            } else {
                written.set(message);
            }
            assertThat(message.getObject(NAME)).isEqualTo(written.value);
            if (ALLOWED.get(written).contains(read)) {
                assertThat(read.get(message)).isEqualTo(expected(written, read));
            } else {
                assertThatThrownBy(() -> read.get(message)).isInstanceOf(MessageFormatException.class)
                        .hasMessageContaining("map entry 'entry'");
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
                case BYTE -> (byte) -12;
                case SHORT -> (short) -12;
                case INT -> -12;
                case LONG -> -12L;
                case FLOAT -> -12f;
                case DOUBLE -> -12d;
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
    void missingEntriesReadAsValueOfNull() throws JMSException {
        SluiceMapMessage message = new SluiceMapMessage();
        assertThat(message.getString("absent")).isNull();
        assertThat(message.getBytes("absent")).isNull();
        assertThat(message.getObject("absent")).isNull();
        assertThat(message.getBoolean("absent")).isFalse();
        assertThatThrownBy(() -> message.getLong("absent")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> message.getDouble("absent")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> message.getChar("absent")).isInstanceOf(NullPointerException.class);
        assertThat(message.itemExists("absent")).isFalse();
    }

    @Test
    void unparsableStringThrowsNumberFormatException() throws JMSException {
        SluiceMapMessage message = new SluiceMapMessage();
        message.setString("s", "1.5");
        assertThatThrownBy(() -> message.getInt("s")).isInstanceOf(NumberFormatException.class)
                .hasMessageContaining("map entry 's'");
        assertThat(message.getFloat("s")).isEqualTo(1.5f);
    }

    @Test
    void namesMustBeNonEmpty() {
        SluiceMapMessage message = new SluiceMapMessage();
        assertThatThrownBy(() -> message.setInt(null, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> message.setInt("", 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anyNonEmptyStringNamesAnEntry() throws JMSException {
        SluiceMapMessage message = new SluiceMapMessage();
        message.setInt("with space, comma: and \u00e9", 1);
        assertThat(message.getInt("with space, comma: and \u00e9")).isEqualTo(1);
    }

    @Test
    void setObjectRefusesUnsupportedTypes() {
        SluiceMapMessage message = new SluiceMapMessage();
        assertThatThrownBy(() -> message.setObject("x", new StringBuilder()))
                .isInstanceOf(MessageFormatException.class).hasMessageContaining("java.lang.StringBuilder");
    }

    @Test
    void bytesAreCopiedInAndOutAndRangesAreTaken() throws JMSException {
        SluiceMapMessage message = new SluiceMapMessage();
        byte[] value = {1, 2, 3, 4};
        message.setBytes("all", value);
        message.setBytes("part", value, 1, 2);
        value[0] = 9;
        assertThat(message.getBytes("all")).containsExactly(1, 2, 3, 4);
        assertThat(message.getBytes("part")).containsExactly(2, 3);
        message.getBytes("all")[1] = 9;
        ((byte[]) message.getObject("all"))[1] = 9;
        assertThat(message.getBytes("all")).containsExactly(1, 2, 3, 4);
        assertThatThrownBy(() -> message.setBytes("bad", value, 3, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void mapNamesListEveryEntry() throws JMSException {
        SluiceMapMessage message = new SluiceMapMessage();
        message.setInt("b", 1);
        message.setString("a", null);
        assertThat(Collections.list(message.getMapNames())).containsExactly("b", "a");
        assertThat(message.itemExists("a")).isTrue();
    }
}
