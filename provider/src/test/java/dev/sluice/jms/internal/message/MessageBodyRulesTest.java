package dev.sluice.jms.internal.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotReadableException;
import jakarta.jms.MessageNotWriteableException;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The body rules of section 3.11 for each message type: read-only after receipt, write-only until reset, clearBody,
 * and getBody / isBodyAssignableTo.
 */
class MessageBodyRulesTest {

    // ---- read-only after receipt, clearBody ----

    @Test
    void receivedTextBodyIsReadOnlyUntilClearBody() throws JMSException {
        SluiceTextMessage message = new SluiceTextMessage("hello");
        message.makeReadOnly();
        assertThatThrownBy(() -> message.setText("other"))
                .isInstanceOf(MessageNotWriteableException.class).hasMessageContaining("clearBody()");
        assertThat(message.getText()).isEqualTo("hello");
        message.clearBody();
        assertThat(message.getText()).isNull();
        message.setText("new");
        assertThat(message.getText()).isEqualTo("new");
    }

    @Test
    void receivedMapBodyIsReadOnlyForEverySetterUntilClearBody() throws JMSException {
        SluiceMapMessage message = new SluiceMapMessage();
        message.setInt("n", 1);
        message.makeReadOnly();
        List<ThrowingRunnable> setters = List.of(
                () -> message.setBoolean("x", true), () -> message.setByte("x", (byte) 1),
                () -> message.setShort("x", (short) 1), () -> message.setChar("x", 'c'),
                () -> message.setInt("x", 1), () -> message.setLong("x", 1L), () -> message.setFloat("x", 1f),
                () -> message.setDouble("x", 1d), () -> message.setString("x", "s"),
                () -> message.setBytes("x", new byte[1]), () -> message.setBytes("x", new byte[2], 0, 1),
                () -> message.setObject("x", 1));
        for (ThrowingRunnable setter : setters) {
            assertThatThrownBy(setter::run).isInstanceOf(MessageNotWriteableException.class);
        }
        assertThat(message.getInt("n")).isEqualTo(1);
        message.clearBody();
        assertThat(message.itemExists("n")).isFalse();
        for (ThrowingRunnable setter : setters) {
            setter.run();
        }
        assertThat(message.getObject("x")).isEqualTo(1);
    }

    @Test
    void receivedObjectBodyIsReadOnlyUntilClearBody() throws JMSException {
        SluiceObjectMessage message = new SluiceObjectMessage();
        message.setObject("first");
        message.makeReadOnly();
        assertThatThrownBy(() -> message.setObject("second")).isInstanceOf(MessageNotWriteableException.class);
        assertThat(message.getObject()).isEqualTo("first");
        message.clearBody();
        assertThat(message.getObject()).isNull();
        message.setObject("second");
        assertThat(message.getObject()).isEqualTo("second");
    }

    @Test
    void bytesMessageIsWriteOnlyThenReadOnlyAfterReset() throws JMSException {
        SluiceBytesMessage message = new SluiceBytesMessage();
        assertThatThrownBy(message::readByte).isInstanceOf(MessageNotReadableException.class)
                .hasMessageContaining("reset()");
        assertThatThrownBy(message::getBodyLength).isInstanceOf(MessageNotReadableException.class);
        message.writeInt(7);
        message.reset();
        assertThat(message.getBodyLength()).isEqualTo(4);
        assertThatThrownBy(() -> message.writeInt(8)).isInstanceOf(MessageNotWriteableException.class)
                .hasMessageContaining("clearBody()");
        assertThat(message.readInt()).isEqualTo(7);
        message.clearBody();
        assertThatThrownBy(message::readInt).isInstanceOf(MessageNotReadableException.class);
        message.writeInt(9);
        message.reset();
        assertThat(message.readInt()).isEqualTo(9);
    }

    @Test
    void streamMessageIsWriteOnlyThenReadOnlyAfterReset() throws JMSException {
        SluiceStreamMessage message = new SluiceStreamMessage();
        assertThatThrownBy(message::readObject).isInstanceOf(MessageNotReadableException.class);
        message.writeString("a");
        message.reset();
        assertThatThrownBy(() -> message.writeString("b")).isInstanceOf(MessageNotWriteableException.class);
        assertThat(message.readString()).isEqualTo("a");
        message.clearBody();
        assertThatThrownBy(message::readString).isInstanceOf(MessageNotReadableException.class);
        message.writeString("b");
        message.reset();
        assertThat(message.readString()).isEqualTo("b");
    }

    @Test
    void makeReadOnlyResetsBytesAndStreamMessagesToTheirStart() throws JMSException {
        SluiceBytesMessage bytes = new SluiceBytesMessage();
        bytes.writeShort((short) 3);
        bytes.makeReadOnly();
        assertThat(bytes.readShort()).isEqualTo((short) 3);
        SluiceStreamMessage stream = new SluiceStreamMessage();
        stream.writeLong(4L);
        stream.makeReadOnly();
        assertThat(stream.readLong()).isEqualTo(4L);
    }

    @Test
    void clearBodyKeepsHeadersAndProperties() throws JMSException {
        SluiceMapMessage message = new SluiceMapMessage();
        message.setJMSType("t");
        message.setStringProperty("p", "v");
        message.setInt("n", 1);
        message.clearBody();
        assertThat(message.getJMSType()).isEqualTo("t");
        assertThat(message.getStringProperty("p")).isEqualTo("v");
    }

    @Test
    void clearBodyOfPlainMessageDoesNothing() throws JMSException {
        SluicePlainMessage message = new SluicePlainMessage();
        message.makeReadOnly();
        message.clearBody();
        assertThat(message.getBody(Object.class)).isNull();
    }

    // ---- getBody / isBodyAssignableTo ----

    @Test
    void plainMessageBodyIsNullForAnyType() throws JMSException {
        SluicePlainMessage message = new SluicePlainMessage();
        assertThat(message.getBody(String.class)).isNull();
        assertThat(message.getBody(Integer.class)).isNull();
        assertThat(message.isBodyAssignableTo(Map.class)).isTrue();
    }

    @Test
    void textBodyIsAssignableToStringAndItsSupertypes() throws JMSException {
        SluiceTextMessage message = new SluiceTextMessage("text");
        assertThat(message.getBody(String.class)).isEqualTo("text");
        assertThat(message.getBody(CharSequence.class)).isEqualTo("text");
        assertThat(message.getBody(Object.class)).isEqualTo("text");
        assertThat(message.getBody(Serializable.class)).isEqualTo("text");
        assertThat(message.isBodyAssignableTo(Comparable.class)).isTrue();
        assertThat(message.isBodyAssignableTo(Integer.class)).isFalse();
        assertThat(message.isBodyAssignableTo(byte[].class)).isFalse();
        assertThatThrownBy(() -> message.getBody(Integer.class)).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("java.lang.Integer");
    }

    @Test
    void bytesBodyIsAssignableToByteArrayAndObjectOnlyAndResets() throws JMSException {
        SluiceBytesMessage message = new SluiceBytesMessage();
        message.writeBytes(new byte[] {1, 2, 3});
        assertThat(message.isBodyAssignableTo(byte[].class)).isTrue();
        assertThat(message.isBodyAssignableTo(Object.class)).isTrue();
        assertThat(message.isBodyAssignableTo(String.class)).isFalse();
        assertThat(message.getBody(byte[].class)).containsExactly(1, 2, 3);
        assertThat((byte[]) message.getBody(Object.class)).containsExactly(1, 2, 3);
        // reset before and after: the body is now readable from the start
        assertThat(message.readByte()).isEqualTo((byte) 1);
        assertThat(message.getBody(byte[].class)).containsExactly(1, 2, 3);
        assertThat(message.readByte()).isEqualTo((byte) 1);
        assertThatThrownBy(() -> message.getBody(String.class)).isInstanceOf(MessageFormatException.class);
    }

    @Test
    void mapBodyIsAssignableToMapAndObjectOnly() throws JMSException {
        SluiceMapMessage message = new SluiceMapMessage();
        message.setInt("n", 1);
        message.setBytes("b", new byte[] {5});
        @SuppressWarnings("unchecked")
        Map<String, Object> body = message.getBody(Map.class);
        assertThat(body).containsEntry("n", 1).containsKey("b");
        ((byte[]) body.get("b"))[0] = 9;
        assertThat(message.getBytes("b")).containsExactly(5);
        body.put("extra", 2);
        assertThat(message.itemExists("extra")).isFalse();
        assertThat(message.getBody(Object.class)).isInstanceOf(Map.class);
        assertThat(message.isBodyAssignableTo(Map.class)).isTrue();
        assertThat(message.isBodyAssignableTo(Collection.class)).isFalse();
        assertThat(message.isBodyAssignableTo(java.util.HashMap.class)).isFalse();
        assertThatThrownBy(() -> message.getBody(String.class)).isInstanceOf(MessageFormatException.class);
    }

    @Test
    void streamBodyIsNeverAssignable() throws JMSException {
        SluiceStreamMessage message = new SluiceStreamMessage();
        assertThat(message.isBodyAssignableTo(Object.class)).isFalse();
        message.writeInt(1);
        assertThat(message.isBodyAssignableTo(Object.class)).isFalse();
        assertThatThrownBy(() -> message.getBody(Object.class)).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("StreamMessage");
    }

    @Test
    void objectBodyIsAssignableToItsClassAndSupertypes() throws JMSException {
        SluiceObjectMessage message = new SluiceObjectMessage();
        ArrayList<String> list = new ArrayList<>(List.of("a", "b"));
        message.setObject(list);
        assertThat(message.getBody(ArrayList.class)).isEqualTo(list);
        assertThat(message.getBody(List.class)).isEqualTo(list);
        assertThat(message.getBody(Serializable.class)).isEqualTo(list);
        assertThat(message.isBodyAssignableTo(Collection.class)).isTrue();
        assertThat(message.isBodyAssignableTo(Map.class)).isFalse();
        assertThatThrownBy(() -> message.getBody(Map.class)).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("java.util.ArrayList").hasMessageContaining("java.util.Map");
        message.setObject(BigDecimal.TEN);
        assertThat(message.getBody(Number.class)).isEqualTo(BigDecimal.TEN);
    }

    @Test
    void objectMessageHoldsASnapshotOfTheObject() throws JMSException {
        SluiceObjectMessage message = new SluiceObjectMessage();
        ArrayList<String> list = new ArrayList<>(List.of("a"));
        message.setObject(list);
        list.add("changed later");
        assertThat(message.getObject()).isEqualTo(List.of("a"));
        assertThat(message.getObject()).isNotSameAs(message.getObject());
    }

    @Test
    void emptyBodiesReturnNullForAnyType() throws JMSException {
        List<SluiceMessage> empty = List.of(new SluiceTextMessage(), new SluiceBytesMessage(),
                new SluiceMapMessage(), new SluiceObjectMessage());
        for (SluiceMessage message : empty) {
            assertThat(message.isBodyAssignableTo(Integer.class)).as(message.getClass().getSimpleName()).isTrue();
            assertThat(message.getBody(Integer.class)).as(message.getClass().getSimpleName()).isNull();
        }
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws JMSException;
    }
}
