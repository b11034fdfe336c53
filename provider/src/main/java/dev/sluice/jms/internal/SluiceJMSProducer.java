package dev.sluice.jms.internal;

import dev.sluice.jms.internal.message.SluiceBytesMessage;
import dev.sluice.jms.internal.message.SluiceMapMessage;
import dev.sluice.jms.internal.message.SluiceObjectMessage;
import dev.sluice.jms.internal.message.SluicePlainMessage;
import dev.sluice.jms.internal.message.SluiceTextMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatRuntimeException;
import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.Set;

/**
 * The simplified API's producer (JMS 3.1 section 10.3): delivery options, message properties and headers that are
 * applied to each message it sends. Properties follow the same names and conversion rules as message properties
 * (they are kept in a message object). Follows its context's single-thread rule.
 */
final class SluiceJMSProducer implements JMSProducer {

    private final SluiceContext context;
    private final SluicePlainMessage properties = new SluicePlainMessage();
    private SendOptions options = SendOptions.DEFAULTS;
    private CompletionListener completionListener;
    private String correlationId;
    private byte[] correlationIdBytes;
    private String type;
    private Destination replyTo;

    SluiceJMSProducer(SluiceContext context) {
        this.context = context;
    }

    @Override
    public JMSProducer send(Destination destination, Message message) {
        if (message == null) {
            throw new MessageFormatRuntimeException("Cannot send a null message");
        }
        SluiceContext.runtime(() -> {
            applyTo(message);
            context.session().send(SluiceDestinations.require(destination), message, options.validate(),
                    completionListener);
        });
        return this;
    }

    private void applyTo(Message message) throws JMSException {
        for (String name : Collections.list(properties.getPropertyNames())) {
            message.setObjectProperty(name, properties.getObjectProperty(name));
        }
        if (correlationIdBytes != null) {
            message.setJMSCorrelationIDAsBytes(correlationIdBytes);
        } else if (correlationId != null) {
            message.setJMSCorrelationID(correlationId);
        }
        if (type != null) {
            message.setJMSType(type);
        }
        if (replyTo != null) {
            message.setJMSReplyTo(replyTo);
        }
    }

    @Override
    public JMSProducer send(Destination destination, String body) {
        SluiceTextMessage message = new SluiceTextMessage();
        SluiceContext.runtime(() -> message.setText(body));
        return send(destination, message);
    }

    @Override
    public JMSProducer send(Destination destination, Map<String, Object> body) {
        SluiceMapMessage message = new SluiceMapMessage();
        if (body != null) {
            SluiceContext.runtime(() -> {
                for (Map.Entry<String, Object> entry : body.entrySet()) {
                    message.setObject(entry.getKey(), entry.getValue());
                }
            });
        }
        return send(destination, message);
    }

    @Override
    public JMSProducer send(Destination destination, byte[] body) {
        SluiceBytesMessage message = new SluiceBytesMessage();
        if (body != null) {
            SluiceContext.runtime(() -> message.writeBytes(body));
        }
        return send(destination, message);
    }

    @Override
    public JMSProducer send(Destination destination, Serializable body) {
        SluiceObjectMessage message = new SluiceObjectMessage();
        SluiceContext.runtime(() -> message.setObject(body));
        return send(destination, message);
    }

    @Override
    public JMSProducer setDisableMessageID(boolean value) {
        options = options.withDisableMessageId(value);
        return this;
    }

    @Override
    public boolean getDisableMessageID() {
        return options.disableMessageId();
    }

    @Override
    public JMSProducer setDisableMessageTimestamp(boolean value) {
        options = options.withDisableTimestamp(value);
        return this;
    }

    @Override
    public boolean getDisableMessageTimestamp() {
        return options.disableTimestamp();
    }

    @Override
    public JMSProducer setDeliveryMode(int deliveryMode) {
        SluiceContext.runtime(() -> SendOptions.checkDeliveryMode(deliveryMode));
        options = options.with(deliveryMode, options.priority(), options.timeToLive());
        return this;
    }

    @Override
    public int getDeliveryMode() {
        return options.deliveryMode();
    }

    @Override
    public JMSProducer setPriority(int priority) {
        SluiceContext.runtime(() -> SendOptions.checkPriority(priority));
        options = options.with(options.deliveryMode(), priority, options.timeToLive());
        return this;
    }

    @Override
    public int getPriority() {
        return options.priority();
    }

    @Override
    public JMSProducer setTimeToLive(long timeToLive) {
        options = SluiceContext.runtime(() -> options.with(options.deliveryMode(), options.priority(), timeToLive)
                .validate());
        return this;
    }

    @Override
    public long getTimeToLive() {
        return options.timeToLive();
    }

    @Override
    public JMSProducer setDeliveryDelay(long deliveryDelay) {
        options = SluiceContext.runtime(() -> options.withDeliveryDelay(deliveryDelay)
                .validate());
        return this;
    }

    @Override
    public long getDeliveryDelay() {
        return options.deliveryDelay();
    }

    @Override
    public JMSProducer setAsync(CompletionListener completionListener) {
        this.completionListener = completionListener;
        return this;
    }

    @Override
    public CompletionListener getAsync() {
        return completionListener;
    }

    @Override
    public JMSProducer setProperty(String name, boolean value) {
        SluiceContext.runtime(() -> properties.setBooleanProperty(name, value));
        return this;
    }

    @Override
    public JMSProducer setProperty(String name, byte value) {
        SluiceContext.runtime(() -> properties.setByteProperty(name, value));
        return this;
    }

    @Override
    public JMSProducer setProperty(String name, short value) {
        SluiceContext.runtime(() -> properties.setShortProperty(name, value));
        return this;
    }

    @Override
    public JMSProducer setProperty(String name, int value) {
        SluiceContext.runtime(() -> properties.setIntProperty(name, value));
        return this;
    }

    @Override
    public JMSProducer setProperty(String name, long value) {
        SluiceContext.runtime(() -> properties.setLongProperty(name, value));
        return this;
    }

    @Override
    public JMSProducer setProperty(String name, float value) {
        SluiceContext.runtime(() -> properties.setFloatProperty(name, value));
        return this;
    }

    @Override
    public JMSProducer setProperty(String name, double value) {
        SluiceContext.runtime(() -> properties.setDoubleProperty(name, value));
        return this;
    }

    @Override
    public JMSProducer setProperty(String name, String value) {
        SluiceContext.runtime(() -> properties.setStringProperty(name, value));
        return this;
    }

    @Override
    public JMSProducer setProperty(String name, Object value) {
        SluiceContext.runtime(() -> properties.setObjectProperty(name, value));
        return this;
    }

    @Override
    public JMSProducer clearProperties() {
        SluiceContext.runtime(properties::clearProperties);
        return this;
    }

    @Override
    public boolean propertyExists(String name) {
        return SluiceContext.runtime(() -> properties.propertyExists(name));
    }

    @Override
    public boolean getBooleanProperty(String name) {
        return SluiceContext.runtime(() -> properties.getBooleanProperty(name));
    }

    @Override
    public byte getByteProperty(String name) {
        return SluiceContext.runtime(() -> properties.getByteProperty(name));
    }

    @Override
    public short getShortProperty(String name) {
        return SluiceContext.runtime(() -> properties.getShortProperty(name));
    }

    @Override
    public int getIntProperty(String name) {
        return SluiceContext.runtime(() -> properties.getIntProperty(name));
    }

    @Override
    public long getLongProperty(String name) {
        return SluiceContext.runtime(() -> properties.getLongProperty(name));
    }

    @Override
    public float getFloatProperty(String name) {
        return SluiceContext.runtime(() -> properties.getFloatProperty(name));
    }

    @Override
    public double getDoubleProperty(String name) {
        return SluiceContext.runtime(() -> properties.getDoubleProperty(name));
    }

    @Override
    public String getStringProperty(String name) {
        return SluiceContext.runtime(() -> properties.getStringProperty(name));
    }

    @Override
    public Object getObjectProperty(String name) {
        return SluiceContext.runtime(() -> properties.getObjectProperty(name));
    }

    @Override
    public Set<String> getPropertyNames() {
        return Set.copyOf(SluiceContext.runtime(() -> Collections.list(properties.getPropertyNames())));
    }

    @Override
    public JMSProducer setJMSCorrelationIDAsBytes(byte[] correlationID) {
        if (correlationID == null || correlationID.length == 0) {
            throw new JMSRuntimeException("The correlation ID bytes must not be null or empty");
        }
        this.correlationIdBytes = correlationID.clone();
        this.correlationId = null;
        return this;
    }

    @Override
    public byte[] getJMSCorrelationIDAsBytes() {
        return correlationIdBytes == null ? null : correlationIdBytes.clone();
    }

    @Override
    public JMSProducer setJMSCorrelationID(String correlationID) {
        this.correlationId = correlationID;
        this.correlationIdBytes = null;
        return this;
    }

    @Override
    public String getJMSCorrelationID() {
        return correlationId;
    }

    @Override
    public JMSProducer setJMSType(String type) {
        this.type = type;
        return this;
    }

    @Override
    public String getJMSType() {
        return type;
    }

    @Override
    public JMSProducer setJMSReplyTo(Destination replyTo) {
        this.replyTo = replyTo;
        return this;
    }

    @Override
    public Destination getJMSReplyTo() {
        return replyTo;
    }
}
