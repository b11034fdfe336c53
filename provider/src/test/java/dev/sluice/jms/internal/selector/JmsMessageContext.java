package dev.sluice.jms.internal.selector;

import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;

/**
 * A {@link SelectorContext} over any {@link Message}, through its standard getters: how the selector tests evaluate
 * the messages the codec decodes from rows. Thread-confined like the message.
 */
record JmsMessageContext(Message message) implements SelectorContext {

    @Override
    public Object property(String name) {
        try {
            return message.getObjectProperty(name);
        } catch (JMSException e) {
            throw new IllegalStateException("Reading property '" + name + "' of " + message + " failed", e);
        }
    }

    @Override
    public String jmsMessageId() {
        return read(Message::getJMSMessageID);
    }

    @Override
    public String jmsCorrelationId() {
        return read(Message::getJMSCorrelationID);
    }

    @Override
    public String jmsType() {
        return read(Message::getJMSType);
    }

    @Override
    public int jmsPriority() {
        return read(Message::getJMSPriority);
    }

    @Override
    public long jmsTimestamp() {
        return read(Message::getJMSTimestamp);
    }

    @Override
    public boolean persistent() {
        return read(Message::getJMSDeliveryMode) == DeliveryMode.PERSISTENT;
    }

    private interface Getter<T> {
        T get(Message message) throws JMSException;
    }

    private <T> T read(Getter<T> getter) {
        try {
            return getter.get(message);
        } catch (JMSException e) {
            throw new IllegalStateException("Reading a header of " + message + " failed", e);
        }
    }
}
