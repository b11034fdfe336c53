package dev.sluice.jms.internal.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Jakarta Messaging 3.1 section 3.5.4: every row and column of the property conversion table. */
class PropertyConversionTest {

    private static final String NAME = "value";

    /** The row types with a value of each, set with the typed setter. */
    enum Row {
        BOOLEAN(true), BYTE((byte) 12), SHORT((short) 1234), INT(123456), LONG(12345678901L), FLOAT(1.5f),
        DOUBLE(2.25d), STRING("12");

        final Object value;

        Row(Object value) {
            this.value = value;
        }

        void set(Message message) throws JMSException {
            switch (this) {
                case BOOLEAN -> message.setBooleanProperty(NAME, (Boolean) value);
                case BYTE -> message.setByteProperty(NAME, (Byte) value);
                case SHORT -> message.setShortProperty(NAME, (Short) value);
                case INT -> message.setIntProperty(NAME, (Integer) value);
                case LONG -> message.setLongProperty(NAME, (Long) value);
                case FLOAT -> message.setFloatProperty(NAME, (Float) value);
                case DOUBLE -> message.setDoubleProperty(NAME, (Double) value);
                case STRING -> message.setStringProperty(NAME, (String) value);
            }
        }
    }

    enum Column {
        BOOLEAN, BYTE, SHORT, INT, LONG, FLOAT, DOUBLE, STRING;

        Object get(Message message) throws JMSException {
            return switch (this) {
                case BOOLEAN -> message.getBooleanProperty(NAME);
                case BYTE -> message.getByteProperty(NAME);
                case SHORT -> message.getShortProperty(NAME);
                case INT -> message.getIntProperty(NAME);
                case LONG -> message.getLongProperty(NAME);
                case FLOAT -> message.getFloatProperty(NAME);
                case DOUBLE -> message.getDoubleProperty(NAME);
                case STRING -> message.getStringProperty(NAME);
            };
        }
    }

    /** The table: a value written as the row type can be read as these column types. */
    private static final Map<Row, Set<Column>> ALLOWED = Map.of(
            Row.BOOLEAN, Set.of(Column.BOOLEAN, Column.STRING),
            Row.BYTE, Set.of(Column.BYTE, Column.SHORT, Column.INT, Column.LONG, Column.STRING),
            Row.SHORT, Set.of(Column.SHORT, Column.INT, Column.LONG, Column.STRING),
            Row.INT, Set.of(Column.INT, Column.LONG, Column.STRING),
            Row.LONG, Set.of(Column.LONG, Column.STRING),
            Row.FLOAT, Set.of(Column.FLOAT, Column.DOUBLE, Column.STRING),
            Row.DOUBLE, Set.of(Column.DOUBLE, Column.STRING),
            Row.STRING, Set.of(Column.values()));

    /** What each allowed read returns for the row's value. */
    private static Object expected(Row row, Column column) {
        Object value = row.value;
        if (column == Column.STRING) {
            return String.valueOf(value);
        }
        if (row == Row.STRING) {
            return switch (column) {
                case BOOLEAN -> false;
                case BYTE -> (byte) 12;
                case SHORT -> (short) 12;
                case INT -> 12;
                case LONG -> 12L;
                case FLOAT -> 12f;
                case DOUBLE -> 12d;
                case STRING -> "12";
            };
        }
        return switch (column) {
            case SHORT -> ((Number) value).shortValue();
            case INT -> ((Number) value).intValue();
            case LONG -> ((Number) value).longValue();
            case DOUBLE -> ((Number) value).doubleValue();
            default -> value;
        };
    }

    static Stream<Arguments> cells() {
        List<Arguments> cells = new ArrayList<>();
        for (Row row : Row.values()) {
            for (Column column : Column.values()) {
                cells.add(Arguments.of(row, column));
            }
        }
        return cells.stream();
    }

    @ParameterizedTest(name = "{0} read as {1}")
    @MethodSource("cells")
    void readsEveryCellOfTheConversionTable(Row row, Column column) throws JMSException {
        for (boolean viaObjectSetter : new boolean[] {false, true}) {
            SluiceMessage message = new SluicePlainMessage();
            if (viaObjectSetter) {
                message.setObjectProperty(NAME, row.value);
            } else {
                row.set(message);
            }
            assertThat(message.getObjectProperty(NAME)).isEqualTo(row.value);
            if (ALLOWED.get(row).contains(column)) {
                assertThat(column.get(message)).isEqualTo(expected(row, column));
            } else {
                assertThatThrownBy(() -> column.get(message))
                        .isInstanceOf(MessageFormatException.class)
                        .hasMessageContaining("property 'value'")
                        .hasMessageContaining(column.name().equals("STRING") ? "String" : column.name().toLowerCase());
            }
        }
    }

    @ParameterizedTest(name = "unparsable String read as {0}")
    @MethodSource("numericColumns")
    void unparsableStringThrowsNumberFormatException(Column column) throws JMSException {
        SluiceMessage message = new SluicePlainMessage();
        message.setStringProperty(NAME, "not a number");
        assertThatThrownBy(() -> column.get(message))
                .isInstanceOf(NumberFormatException.class)
                .hasMessageContaining("\"not a number\"");
    }

    static Stream<Column> numericColumns() {
        return Stream.of(Column.BYTE, Column.SHORT, Column.INT, Column.LONG, Column.FLOAT, Column.DOUBLE);
    }

    @Test
    void stringsParseWithTheTargetTypesValueOf() throws JMSException {
        SluiceMessage message = new SluicePlainMessage();
        message.setStringProperty("yes", "TRUE");
        message.setStringProperty("big", "300");
        message.setStringProperty("real", "-1.25e2");
        message.setStringProperty("nan", "NaN");
        assertThat(message.getBooleanProperty("yes")).isTrue();
        assertThat(message.getShortProperty("big")).isEqualTo((short) 300);
        assertThatThrownBy(() -> message.getByteProperty("big")).isInstanceOf(NumberFormatException.class);
        assertThat(message.getDoubleProperty("real")).isEqualTo(-125d);
        assertThat(message.getFloatProperty("real")).isEqualTo(-125f);
        assertThat(message.getDoubleProperty("nan")).isNaN();
    }

    @Test
    void missingPropertyReadsAsValueOfNull() throws JMSException {
        SluiceMessage message = new SluicePlainMessage();
        assertThat(message.getStringProperty("absent")).isNull();
        assertThat(message.getObjectProperty("absent")).isNull();
        assertThat(message.getBooleanProperty("absent")).isFalse();
        assertThat(message.propertyExists("absent")).isFalse();
        for (Column integral : List.of(Column.BYTE, Column.SHORT, Column.INT, Column.LONG)) {
            assertThatThrownBy(() -> getByName(message, integral, "absent"))
                    .isInstanceOf(NumberFormatException.class).hasMessageContaining("property 'absent'");
        }
        assertThatThrownBy(() -> message.getFloatProperty("absent")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> message.getDoubleProperty("absent")).isInstanceOf(NullPointerException.class);
    }

    @Test
    void nullStringPropertyExistsAndReadsAsNull() throws JMSException {
        SluiceMessage message = new SluicePlainMessage();
        message.setStringProperty("empty", null);
        message.setObjectProperty("alsoEmpty", null);
        assertThat(message.propertyExists("empty")).isTrue();
        assertThat(message.getStringProperty("empty")).isNull();
        assertThat(message.getObjectProperty("alsoEmpty")).isNull();
        assertThatThrownBy(() -> message.getIntProperty("empty")).isInstanceOf(NumberFormatException.class);
    }

    @Test
    void setObjectPropertyAcceptsOnlyObjectifiedPrimitivesAndStrings() {
        SluiceMessage message = new SluicePlainMessage();
        for (Object invalid : List.of('c', new byte[] {1}, new Object(), List.of(), new StringBuilder("x"))) {
            assertThatThrownBy(() -> message.setObjectProperty("bad", invalid))
                    .isInstanceOf(MessageFormatException.class)
                    .hasMessageContaining("property 'bad'")
                    .hasMessageContaining(invalid.getClass().getName());
        }
        assertThat(message.propertyExists("bad")).isFalse();
    }

    @Test
    void getObjectPropertyReturnsTheTypeThatWasSet() throws JMSException {
        SluiceMessage message = new SluicePlainMessage();
        for (Row row : Row.values()) {
            message.clearProperties();
            row.set(message);
            assertThat(message.getObjectProperty(NAME)).isInstanceOf(row.value.getClass()).isEqualTo(row.value);
        }
    }

    @Test
    void conversionErrorNamesTheStoredTypeAndWhatItCanBeReadAs() throws JMSException {
        SluiceMessage message = new SluicePlainMessage();
        message.setIntProperty("quantity", 3);
        assertThatThrownBy(() -> message.getShortProperty("quantity"))
                .isInstanceOf(MessageFormatException.class)
                .hasMessage("Cannot read property 'quantity' as short: it holds an int, which the Jakarta Messaging "
                        + "conversion table lets you read as int, long or String");
    }

    private static Object getByName(Message message, Column column, String name) throws JMSException {
        return switch (column) {
            case BYTE -> message.getByteProperty(name);
            case SHORT -> message.getShortProperty(name);
            case INT -> message.getIntProperty(name);
            case LONG -> message.getLongProperty(name);
            default -> throw new IllegalArgumentException(column.name());
        };
    }
}
