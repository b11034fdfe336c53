package dev.sluice.jms.internal;

import dev.sluice.jms.internal.message.SluiceMessage;
import dev.sluice.jms.internal.selector.SelectorContext;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;

/** What a selector sees of a message: its properties and the headers selectors may name. Not thread-safe. */
final class MessageSelectorContext implements SelectorContext {

    private final SluiceMessage message;

    MessageSelectorContext(SluiceMessage message) {
        this.message = message;
    }

    @Override
    public Object property(String name) {
        return message.getObjectProperty(name);
    }

    @Override
    public String jmsMessageId() {
        return read(message::getJMSMessageID);
    }

    @Override
    public String jmsCorrelationId() {
        return read(message::getJMSCorrelationID);
    }

    @Override
    public String jmsType() {
        return read(message::getJMSType);
    }

    @Override
    public int jmsPriority() {
        Integer priority = read(message::getJMSPriority);
        return priority == null ? 4 : priority;
    }

    @Override
    public long jmsTimestamp() {
        Long timestamp = read(message::getJMSTimestamp);
        return timestamp == null ? 0 : timestamp;
    }

    @Override
    public boolean persistent() {
        Integer mode = read(message::getJMSDeliveryMode);
        return mode == null || mode == DeliveryMode.PERSISTENT;
    }

    private interface Header<T> {
        T get() throws JMSException;
    }

    private static <T> T read(Header<T> header) {
        try {
            return header.get();
        } catch (JMSException e) {
            return null;
        }
    }
}
