package dev.sluice.jms.internal.message;

import dev.sluice.jms.SluiceDestination;
import dev.sluice.jms.SluiceQueue;
import dev.sluice.jms.SluiceTopic;
import jakarta.jms.BytesMessage;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;

import java.util.Enumeration;

/**
 * Converts messages and destinations of other Jakarta Messaging providers into Sluice's, since a provider must
 * accept and send messages it did not create (Jakarta Messaging 3.1, section 3.12).
 *
 * <p>A copied message keeps the foreign message's headers, properties (except the JMSX properties a provider sets
 * on receipt, such as {@code JMSXDeliveryCount}) and body. A BytesMessage or StreamMessage is reset to be read and
 * reset again afterwards. A foreign {@code JMSReplyTo} or {@code JMSDestination} that is a queue or topic becomes
 * the Sluice destination of the same name; a foreign temporary destination cannot be used through Sluice and is
 * dropped (section 3.12 allows not preserving it).
 *
 * <p>Stateless and thread-safe; the foreign message is used only by the calling thread.
 */
public final class ForeignMessages {

    private ForeignMessages() {
    }

    /**
     * A Sluice message with the same headers, properties and body as {@code foreign}; a Sluice message is returned
     * as it is.
     *
     * @throws MessageFormatException if {@code foreign} is null or holds a property value of an unsupported type
     * @throws JMSException           if the foreign provider fails to give its message's contents
     */
    public static SluiceMessage copyOf(Message foreign) throws JMSException {
        if (foreign == null) {
            throw new MessageFormatException("Cannot send a null message");
        }
        if (foreign instanceof SluiceMessage) {
            return (SluiceMessage) foreign;
        }
        SluiceMessage copy = copyBody(foreign);
        copy.setJMSMessageID(foreign.getJMSMessageID());
        copy.setJMSTimestamp(foreign.getJMSTimestamp());
        copy.setJMSCorrelationID(foreign.getJMSCorrelationID());
        copy.setJMSReplyTo(asSluiceDestination(foreign.getJMSReplyTo()));
        copy.setJMSDestination(asSluiceDestination(foreign.getJMSDestination()));
        copy.setJMSDeliveryMode(foreign.getJMSDeliveryMode());
        copy.setJMSRedelivered(foreign.getJMSRedelivered());
        copy.setJMSType(foreign.getJMSType());
        copy.setJMSExpiration(foreign.getJMSExpiration());
        copy.setJMSDeliveryTime(foreign.getJMSDeliveryTime());
        copy.setJMSPriority(foreign.getJMSPriority());
        Enumeration<?> names = foreign.getPropertyNames();
        while (names.hasMoreElements()) {
            String name = String.valueOf(names.nextElement());
            copy.properties().putForeign(name, foreign.getObjectProperty(name));
        }
        return copy;
    }

    /**
     * The Sluice destination {@code destination} stands for: itself when it is Sluice's, the Sluice queue or topic
     * of the same name for another provider's queue or topic, null for null, a foreign temporary destination or a
     * destination without a name.
     *
     * @throws JMSException if the foreign provider fails to give the destination's name
     */
    public static SluiceDestination asSluiceDestination(Destination destination) throws JMSException {
        if (destination == null || destination instanceof SluiceDestination) {
            return (SluiceDestination) destination;
        }
        if (destination instanceof TemporaryQueue || destination instanceof TemporaryTopic) {
            return null;
        }
        if (destination instanceof Queue) {
            String name = ((Queue) destination).getQueueName();
            return name == null || name.isEmpty() ? null : new SluiceQueue(name);
        }
        if (destination instanceof Topic) {
            String name = ((Topic) destination).getTopicName();
            return name == null || name.isEmpty() ? null : new SluiceTopic(name);
        }
        return null;
    }

    private static SluiceMessage copyBody(Message foreign) throws JMSException {
        if (foreign instanceof TextMessage) {
            return new SluiceTextMessage(((TextMessage) foreign).getText());
        }
        if (foreign instanceof BytesMessage) {
            return copyBytes((BytesMessage) foreign);
        }
        if (foreign instanceof MapMessage) {
            MapMessage map = (MapMessage) foreign;
            SluiceMapMessage copy = new SluiceMapMessage();
            Enumeration<?> names = map.getMapNames();
            while (names.hasMoreElements()) {
                String name = String.valueOf(names.nextElement());
                copy.setObject(name, map.getObject(name));
            }
            return copy;
        }
        if (foreign instanceof StreamMessage) {
            return copyStream((StreamMessage) foreign);
        }
        if (foreign instanceof ObjectMessage) {
            SluiceObjectMessage copy = new SluiceObjectMessage();
            copy.setObject(((ObjectMessage) foreign).getObject());
            return copy;
        }
        return new SluicePlainMessage();
    }

    private static SluiceBytesMessage copyBytes(BytesMessage foreign) throws JMSException {
        foreign.reset();
        long length = foreign.getBodyLength();
        if (length > Integer.MAX_VALUE - 16) {
            throw new MessageFormatException("Cannot send a BytesMessage of " + length + " bytes: Sluice bodies are "
                    + "limited to 2 GiB");
        }
        byte[] body = new byte[(int) length];
        int filled = 0;
        while (filled < body.length) {
            byte[] chunk = filled == 0 ? body : new byte[body.length - filled];
            int read = foreign.readBytes(chunk);
            if (read < 0) {
                break;
            }
            if (chunk != body) {
                System.arraycopy(chunk, 0, body, filled, read);
            }
            filled += read;
        }
        foreign.reset();
        SluiceBytesMessage copy = new SluiceBytesMessage();
        copy.writeBytes(body, 0, filled);
        return copy;
    }

    private static SluiceStreamMessage copyStream(StreamMessage foreign) throws JMSException {
        foreign.reset();
        SluiceStreamMessage copy = new SluiceStreamMessage();
        while (true) {
            Object value;
            try {
                value = foreign.readObject();
            } catch (MessageEOFException end) {
                break;
            }
            copy.writeObject(value);
        }
        foreign.reset();
        return copy;
    }
}
