package dev.sluice.jms.internal.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.db.log.MessageRecord;
import dev.sluice.db.log.StoredMessage;
import dev.sluice.jms.SluiceQueue;
import dev.sluice.jms.SluiceTopic;
import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Messages and destinations of another provider become Sluice's (section 3.12). */
class ForeignMessagesTest {

    /** Another provider's object: implements only {@code type}, backed by one of ours. */
    @SuppressWarnings("unchecked")
    private static <T> T foreign(Class<T> type, Object backing) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getName().equals("getPropertyNames")) {
                // another provider also reports properties Sluice must not copy
                List<Object> names = Collections.list((Enumeration<Object>) method.invoke(backing, args));
                names.add("JMSXDeliveryCount");
                names.add("JMSXRcvTimestamp");
                return Collections.enumeration(names);
            }
            if (method.getName().equals("getObjectProperty") && ((String) args[0]).startsWith("JMSX")
                    && !((String) args[0]).startsWith("JMSXGroup")) {
                return 5;
            }
            try {
                return method.invoke(backing, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    private static void fill(SluiceMessage message) throws JMSException {
        message.setJMSMessageID("ID:other-provider-1");
        message.setJMSTimestamp(1234L);
        message.setJMSCorrelationID("corr");
        message.setJMSType("type");
        message.setJMSDeliveryMode(DeliveryMode.NON_PERSISTENT);
        message.setJMSPriority(2);
        message.setJMSExpiration(9999L);
        message.setJMSDeliveryTime(2222L);
        message.setJMSRedelivered(true);
        message.setJMSReplyTo(foreign(Queue.class, new SluiceQueue("replies")));
        message.setJMSDestination(foreign(Topic.class, new SluiceTopic("events")));
        message.setIntProperty("count", 3);
        message.setStringProperty("JMSXGroupID", "g");
        message.setDoubleProperty("ratio", 0.5);
    }

    private static void assertCopied(SluiceMessage copy) throws JMSException {
        assertThat(copy.getJMSMessageID()).isEqualTo("ID:other-provider-1");
        assertThat(copy.getJMSTimestamp()).isEqualTo(1234L);
        assertThat(copy.getJMSCorrelationID()).isEqualTo("corr");
        assertThat(copy.getJMSType()).isEqualTo("type");
        assertThat(copy.getJMSDeliveryMode()).isEqualTo(DeliveryMode.NON_PERSISTENT);
        assertThat(copy.getJMSPriority()).isEqualTo(2);
        assertThat(copy.getJMSExpiration()).isEqualTo(9999L);
        assertThat(copy.getJMSDeliveryTime()).isEqualTo(2222L);
        assertThat(copy.getJMSRedelivered()).isTrue();
        assertThat(copy.getJMSReplyTo()).isEqualTo(new SluiceQueue("replies"));
        assertThat(copy.getJMSDestination()).isEqualTo(new SluiceTopic("events"));
        assertThat(Collections.list(copy.getPropertyNames())).containsExactly("count", "JMSXGroupID", "ratio");
        assertThat(copy.getObjectProperty("count")).isEqualTo(3);
        assertThat(copy.getObjectProperty("ratio")).isEqualTo(0.5);
        // and it can be stored
        MessageCodec codec = new MessageCodec(ObjectMessageAllowList.secureDefault());
        MessageRecord record = codec.encode(copy, "p");
        assertThat(record.groupId()).isEqualTo("g");
        assertThat(codec.decode(new StoredMessage(1, 0, 0, record)).getIntProperty("count")).isEqualTo(3);
    }

    @Test
    void copiesATextMessage() throws JMSException {
        SluiceTextMessage backing = new SluiceTextMessage("hello");
        fill(backing);
        SluiceMessage copy = ForeignMessages.copyOf(foreign(TextMessage.class, backing));
        assertThat(copy).isInstanceOf(SluiceTextMessage.class);
        assertThat(((TextMessage) copy).getText()).isEqualTo("hello");
        assertCopied(copy);
    }

    @Test
    void copiesABytesMessageInWriteModeAndLeavesItReset() throws JMSException {
        SluiceBytesMessage backing = new SluiceBytesMessage();
        backing.writeInt(42);
        backing.writeUTF("x");
        fill(backing);
        BytesMessage foreign = foreign(BytesMessage.class, backing);
        SluiceMessage copy = ForeignMessages.copyOf(foreign);
        assertThat(copy).isInstanceOf(SluiceBytesMessage.class);
        ((BytesMessage) copy).reset();
        assertThat(((BytesMessage) copy).readInt()).isEqualTo(42);
        assertThat(((BytesMessage) copy).readUTF()).isEqualTo("x");
        assertThat(foreign.readInt()).isEqualTo(42);
        assertCopied(copy);
    }

    @Test
    void copiesAMapMessage() throws JMSException {
        SluiceMapMessage backing = new SluiceMapMessage();
        backing.setInt("i", 1);
        backing.setBytes("b", new byte[] {2});
        backing.setChar("c", 'c');
        fill(backing);
        SluiceMessage copy = ForeignMessages.copyOf(foreign(MapMessage.class, backing));
        MapMessage map = (MapMessage) copy;
        assertThat(map.getInt("i")).isEqualTo(1);
        assertThat(map.getBytes("b")).containsExactly(2);
        assertThat(map.getChar("c")).isEqualTo('c');
        assertCopied(copy);
    }

    @Test
    void copiesAStreamMessage() throws JMSException {
        SluiceStreamMessage backing = new SluiceStreamMessage();
        backing.writeInt(1);
        backing.writeString(null);
        backing.writeBytes(new byte[] {3});
        fill(backing);
        StreamMessage foreign = foreign(StreamMessage.class, backing);
        SluiceMessage copy = ForeignMessages.copyOf(foreign);
        StreamMessage stream = (StreamMessage) copy;
        stream.reset();
        assertThat(stream.readInt()).isEqualTo(1);
        assertThat(stream.readString()).isNull();
        assertThat((byte[]) stream.readObject()).containsExactly(3);
        assertThat(foreign.readInt()).isEqualTo(1);
        assertCopied(copy);
    }

    @Test
    void copiesAnObjectMessage() throws JMSException {
        SluiceObjectMessage backing = new SluiceObjectMessage();
        backing.setObject(new ArrayList<>(List.of("x")));
        fill(backing);
        SluiceMessage copy = ForeignMessages.copyOf(foreign(ObjectMessage.class, backing));
        assertThat(((ObjectMessage) copy).getObject()).isEqualTo(List.of("x"));
        assertCopied(copy);
    }

    @Test
    void copiesAPlainMessage() throws JMSException {
        SluicePlainMessage backing = new SluicePlainMessage();
        fill(backing);
        SluiceMessage copy = SluiceMessage.copyOf(foreign(Message.class, backing));
        assertThat(copy).isExactlyInstanceOf(SluicePlainMessage.class);
        assertCopied(copy);
    }

    @Test
    void sluiceMessagesAreNotCopied() throws JMSException {
        SluiceTextMessage message = new SluiceTextMessage("t");
        assertThat(ForeignMessages.copyOf(message)).isSameAs(message);
    }

    @Test
    void nullIsAFormatException() {
        assertThatThrownBy(() -> ForeignMessages.copyOf(null)).isInstanceOf(MessageFormatException.class);
    }

    @Test
    void foreignTemporaryDestinationsAreDropped() throws JMSException {
        assertThat(ForeignMessages.asSluiceDestination(
                foreign(TemporaryQueue.class, new SluiceTemporaryQueue("tq", null)))).isNull();
        assertThat(ForeignMessages.asSluiceDestination(foreign(Destination.class, new SluiceQueue("q")))).isNull();
        assertThat(ForeignMessages.asSluiceDestination(null)).isNull();
        SluiceQueue ours = new SluiceQueue("q");
        assertThat(ForeignMessages.asSluiceDestination(ours)).isSameAs(ours);
    }

    @Test
    void foreignReplyToSetOnASluiceMessageIsStoredByName() throws JMSException {
        SluiceMessage message = new SluicePlainMessage();
        message.setJMSReplyTo(foreign(Topic.class, new SluiceTopic("answers")));
        MessageRecord record = new MessageCodec(ObjectMessageAllowList.secureDefault()).encode(message, null);
        assertThat(record.replyTo()).isEqualTo("topic://answers");
    }

    @Test
    void foreignPropertyOfAnUnsupportedTypeIsAFormatException() {
        Message foreign = (Message) Proxy.newProxyInstance(Message.class.getClassLoader(),
                new Class<?>[] {Message.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getPropertyNames" -> Collections.enumeration(List.of("odd"));
                    case "getObjectProperty" -> Map.of();
                    case "getJMSDeliveryMode" -> DeliveryMode.PERSISTENT;
                    case "getJMSPriority" -> 4;
                    case "getJMSTimestamp", "getJMSExpiration", "getJMSDeliveryTime" -> 0L;
                    case "getJMSRedelivered" -> false;
                    default -> null;
                });
        assertThatThrownBy(() -> ForeignMessages.copyOf(foreign)).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("property 'odd'");
    }
}
