package dev.sluice.jms.internal.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Property names, read-only properties, clearProperties and the JMSX properties (sections 3.5 and 3.8.1.1). */
class MessagePropertiesTest {

    /** Every property setter, applied with one name. */
    interface Setter {
        void set(Message message, String name) throws JMSException;
    }

    private static final List<Setter> SETTERS = List.of(
            (message, name) -> message.setBooleanProperty(name, true),
            (message, name) -> message.setByteProperty(name, (byte) 1),
            (message, name) -> message.setShortProperty(name, (short) 1),
            (message, name) -> message.setIntProperty(name, 1),
            (message, name) -> message.setLongProperty(name, 1L),
            (message, name) -> message.setFloatProperty(name, 1f),
            (message, name) -> message.setDoubleProperty(name, 1d),
            (message, name) -> message.setStringProperty(name, "1"),
            (message, name) -> message.setObjectProperty(name, 1));

    @Test
    void nullOrEmptyNameIsIllegalForEverySetter() {
        SluiceMessage message = new SluiceTextMessage();
        for (Setter setter : SETTERS) {
            assertThatThrownBy(() -> setter.set(message, null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null");
            assertThatThrownBy(() -> setter.set(message, ""))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1st", "has space", "dash-ed", "dot.ted", "a\u0000b", "é\u0001", "qu'ote"})
    void namesThatAreNotSelectorIdentifiersAreRefused(String name) {
        assertThatThrownBy(() -> new SluicePlainMessage().setStringProperty(name, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + name + "' is not a message selector identifier");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NULL", "TRUE", "FALSE", "NOT", "AND", "OR", "BETWEEN", "LIKE", "IN", "IS", "ESCAPE",
            "null", "True", "between", "escape"})
    void selectorWordsAreRefusedInAnyCase(String name) {
        assertThatThrownBy(() -> new SluicePlainMessage().setIntProperty(name, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is a message selector word");
    }

    @ParameterizedTest
    @ValueSource(strings = {"orderId", "_private", "$dollar", "élan", "a1", "INSIDE", "Nullable", "JMS_Sluice_x",
            "JMSXGroupID", "jmsLowerCase"})
    void validNamesAreAccepted(String name) throws JMSException {
        SluiceMessage message = new SluicePlainMessage();
        message.setStringProperty(name, "v");
        assertThat(message.getStringProperty(name)).isEqualTo("v");
        assertThat(Collections.list(message.getPropertyNames())).containsExactly(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"JMSCorrelationID", "JMSPriority", "JMSCustom"})
    void namesStartingWithJmsAreReserved(String name) {
        assertThatThrownBy(() -> new SluicePlainMessage().setStringProperty(name, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("starts with JMS, which is reserved");
    }

    @ParameterizedTest
    @ValueSource(strings = {"JMSXUserID", "JMSXAppID", "JMSXDeliveryCount", "JMSXProducerTXID", "JMSXConsumerTXID", "JMSXRcvTimestamp",
            "JMSXState"})
    void providerSetJmsxPropertiesCannotBeSetByTheApplication(String name) {
        assertThatThrownBy(() -> new SluicePlainMessage().setIntProperty(name, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(name + " is set by the provider");
    }

    @Test
    void unknownJmsxNameIsRefused() {
        assertThatThrownBy(() -> new SluicePlainMessage().setStringProperty("JMSXFancy", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("JMSX prefix");
    }

    @Test
    void jmsxGroupPropertiesHaveFixedTypes() throws JMSException {
        SluiceMessage message = new SluicePlainMessage();
        message.setStringProperty("JMSXGroupID", "basket-7");
        message.setIntProperty("JMSXGroupSeq", 2);
        message.setObjectProperty("JMSXGroupSeq", 3);
        assertThat(message.getIntProperty("JMSXGroupSeq")).isEqualTo(3);
        assertThatThrownBy(() -> message.setStringProperty("JMSXGroupSeq", "4"))
                .isInstanceOf(MessageFormatException.class).hasMessage("Property JMSXGroupSeq must be an int, not a String");
        assertThatThrownBy(() -> message.setLongProperty("JMSXGroupSeq", 4L))
                .isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(() -> message.setIntProperty("JMSXGroupID", 4))
                .isInstanceOf(MessageFormatException.class).hasMessage("Property JMSXGroupID must be a String, not an int");
    }

    @Test
    void receivedPropertiesAreReadOnlyForEverySetterUntilClearProperties() throws JMSException {
        SluiceMessage message = new SluiceTextMessage();
        message.setStringProperty("kept", "yes");
        message.makeReadOnly();
        for (Setter setter : SETTERS) {
            assertThatThrownBy(() -> setter.set(message, "late"))
                    .isInstanceOf(MessageNotWriteableException.class)
                    .hasMessageContaining("read-only")
                    .hasMessageContaining("clearProperties()");
        }
        assertThat(message.getStringProperty("kept")).isEqualTo("yes");

        message.clearProperties();
        assertThat(message.propertyExists("kept")).isFalse();
        assertThat(message.getPropertyNames().hasMoreElements()).isFalse();
        for (Setter setter : SETTERS) {
            setter.set(message, "late");
        }
        assertThat(message.getObjectProperty("late")).isEqualTo(1);
    }

    @Test
    void headersStayWritableOnAReadOnlyMessage() {
        SluiceMessage message = new SluiceTextMessage();
        message.makeReadOnly();
        assertThatCode(() -> {
            message.setJMSType("t");
            message.setJMSCorrelationID("c");
            message.setJMSPriority(7);
        }).doesNotThrowAnyException();
    }

    @Test
    void clearPropertiesLeavesHeadersAndBody() throws JMSException {
        SluiceTextMessage message = new SluiceTextMessage("body");
        message.setJMSType("order");
        message.setIntProperty("n", 1);
        message.clearProperties();
        assertThat(message.getText()).isEqualTo("body");
        assertThat(message.getJMSType()).isEqualTo("order");
        assertThat(message.propertyExists("n")).isFalse();
    }

    @Test
    void deliveryCountIsTheJmsxDeliveryCountPropertyAndDrivesRedelivered() throws JMSException {
        SluiceMessage message = new SluicePlainMessage();
        message.setStringProperty("app", "x");
        assertThat(message.propertyExists("JMSXDeliveryCount")).isFalse();

        message.setDeliveryCount(1);
        assertThat(message.getIntProperty("JMSXDeliveryCount")).isEqualTo(1);
        assertThat(message.getLongProperty("JMSXDeliveryCount")).isEqualTo(1L);
        assertThat(message.getStringProperty("JMSXDeliveryCount")).isEqualTo("1");
        assertThat(message.getObjectProperty("JMSXDeliveryCount")).isEqualTo(1);
        assertThat(message.getJMSRedelivered()).isFalse();
        assertThat(Collections.list(message.getPropertyNames())).containsExactly("app", "JMSXDeliveryCount");

        message.setDeliveryCount(3);
        assertThat(message.getIntProperty("JMSXDeliveryCount")).isEqualTo(3);
        assertThat(message.getJMSRedelivered()).isTrue();
        assertThat(message.deliveryCount()).isEqualTo(3);
        assertThatThrownBy(() -> message.setDeliveryCount(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void propertyNamesKeepTheOrderTheyWereSetIn() throws JMSException {
        SluiceMessage message = new SluicePlainMessage();
        message.setIntProperty("b", 1);
        message.setIntProperty("a", 2);
        message.setIntProperty("b", 3);
        assertThat(Collections.list(message.getPropertyNames())).containsExactly("b", "a");
        assertThat(message.getIntProperty("b")).isEqualTo(3);
    }

    @Test
    void supportedJmsxNamesIncludeTheMandatoryGroupProperties() {
        assertThat(PropertyNames.SUPPORTED_JMSX_NAMES).contains("JMSXGroupID", "JMSXGroupSeq", "JMSXDeliveryCount");
    }
}
