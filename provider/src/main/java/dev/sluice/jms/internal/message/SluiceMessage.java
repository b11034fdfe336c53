package dev.sluice.jms.internal.message;

import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageNotWriteableException;

import java.nio.charset.StandardCharsets;
import java.util.Enumeration;

/**
 * The base of Sluice's messages: the header fields and the properties with the conversions and exceptions of Jakarta
 * Messaging 3.1, chapter 3. Subclasses add the bodies of section 3.11.
 *
 * <p>Life cycle as the engine uses it: an application creates a message (writable), the engine sets the send headers
 * through the public {@code setJMS...} methods and encodes it with {@link MessageCodec}; on receipt
 * {@link MessageCodec#decode} builds a message whose body and properties are read-only ({@link #makeReadOnly()}),
 * and the engine sets {@link #setJMSDestination}, {@link #setDeliveryCount} and {@link #setAcknowledger}. Header
 * fields are never read-only (section 3.4).
 *
 * <p>{@code JMSCorrelationID} is held either as a String or as bytes, whichever was set last;
 * {@link #getJMSCorrelationID()} of bytes decodes them as UTF-8 and {@link #getJMSCorrelationIDAsBytes()} of a
 * String encodes it as UTF-8.
 *
 * <p>Not thread-safe: as the specification says of messages, one thread uses a message at a time.
 */
public abstract class SluiceMessage implements Message {

    private String messageId;
    private long timestamp;
    private String correlationId;
    private byte[] correlationIdBytes;
    private Destination replyTo;
    private Destination destination;
    private int deliveryMode = DeliveryMode.PERSISTENT;
    private boolean redelivered;
    private String type;
    private long expiration;
    private long deliveryTime;
    private int priority = Message.DEFAULT_PRIORITY;
    private final MessageProperties properties = new MessageProperties();
    private Acknowledger acknowledger;

    SluiceMessage() {
    }

    /**
     * Converts another provider's message (any of the five body types or a plain message) into a Sluice message
     * with the same headers, properties and body; a Sluice message is returned as it is. See
     * {@link ForeignMessages#copyOf(Message)}.
     */
    public static SluiceMessage copyOf(Message foreign) throws JMSException {
        return ForeignMessages.copyOf(foreign);
    }

    /** The body type stored in the log: 0 plain, 1 text, 2 bytes, 3 map, 4 stream, 5 object; see {@link BodyType}. */
    public abstract int bodyTypeCode();

    /**
     * Makes the body and the properties read-only, as they are after receipt, until {@link #clearBody()} or
     * {@link #clearProperties()}; a BytesMessage or StreamMessage is {@code reset()} to read from the start.
     */
    public void makeReadOnly() {
        properties.makeReadOnly();
        makeBodyReadOnly();
    }

    abstract void makeBodyReadOnly();

    /** Sets what {@link #acknowledge()} calls; null makes it do nothing. */
    public void setAcknowledger(Acknowledger acknowledger) {
        this.acknowledger = acknowledger;
    }

    /**
     * Sets how often this message has been delivered, 1 on first delivery: {@code JMSXDeliveryCount} then returns
     * {@code count} and {@code JMSRedelivered} is {@code count > 1}. 0 means not received (no JMSXDeliveryCount).
     *
     * @throws IllegalArgumentException if count is negative
     */
    public void setDeliveryCount(int count) {
        properties.setDeliveryCount(count);
        redelivered = count > 1;
    }

    /** How often this message has been delivered; 0 when it was not received. */
    public int deliveryCount() {
        return properties.deliveryCount();
    }

    MessageProperties properties() {
        return properties;
    }

    /** The bytes set by {@link #setJMSCorrelationIDAsBytes}, not copied, or null when the id is a String or unset. */
    byte[] correlationIdBytes() {
        return correlationIdBytes;
    }

    static MessageNotWriteableException bodyNotWriteable(String messageType) {
        return new MessageNotWriteableException("The body of this " + messageType + " is read-only (it was received "
                + "or reset); call clearBody() first to write a new body");
    }

    // ---- headers (section 3.4) ----

    @Override
    public String getJMSMessageID() {
        return messageId;
    }

    @Override
    public void setJMSMessageID(String id) {
        this.messageId = id;
    }

    @Override
    public long getJMSTimestamp() {
        return timestamp;
    }

    @Override
    public void setJMSTimestamp(long timestamp) {
        this.timestamp = timestamp;
    }

    @Override
    public byte[] getJMSCorrelationIDAsBytes() {
        if (correlationIdBytes != null) {
            return correlationIdBytes.clone();
        }
        return correlationId == null ? null : correlationId.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void setJMSCorrelationIDAsBytes(byte[] correlationId) {
        this.correlationIdBytes = correlationId == null ? null : correlationId.clone();
        this.correlationId = null;
    }

    @Override
    public void setJMSCorrelationID(String correlationId) {
        this.correlationId = correlationId;
        this.correlationIdBytes = null;
    }

    @Override
    public String getJMSCorrelationID() {
        if (correlationIdBytes != null) {
            return new String(correlationIdBytes, StandardCharsets.UTF_8);
        }
        return correlationId;
    }

    @Override
    public Destination getJMSReplyTo() {
        return replyTo;
    }

    @Override
    public void setJMSReplyTo(Destination replyTo) {
        this.replyTo = replyTo;
    }

    @Override
    public Destination getJMSDestination() {
        return destination;
    }

    @Override
    public void setJMSDestination(Destination destination) {
        this.destination = destination;
    }

    @Override
    public int getJMSDeliveryMode() {
        return deliveryMode;
    }

    @Override
    public void setJMSDeliveryMode(int deliveryMode) {
        this.deliveryMode = deliveryMode;
    }

    @Override
    public boolean getJMSRedelivered() {
        return redelivered;
    }

    @Override
    public void setJMSRedelivered(boolean redelivered) {
        this.redelivered = redelivered;
    }

    @Override
    public String getJMSType() {
        return type;
    }

    @Override
    public void setJMSType(String type) {
        this.type = type;
    }

    @Override
    public long getJMSExpiration() {
        return expiration;
    }

    @Override
    public void setJMSExpiration(long expiration) {
        this.expiration = expiration;
    }

    @Override
    public long getJMSDeliveryTime() {
        return deliveryTime;
    }

    @Override
    public void setJMSDeliveryTime(long deliveryTime) {
        this.deliveryTime = deliveryTime;
    }

    @Override
    public int getJMSPriority() {
        return priority;
    }

    @Override
    public void setJMSPriority(int priority) {
        this.priority = priority;
    }

    // ---- properties (section 3.5) ----

    @Override
    public void clearProperties() {
        properties.clear();
    }

    @Override
    public boolean propertyExists(String name) {
        return properties.exists(name);
    }

    @Override
    public boolean getBooleanProperty(String name) throws JMSException {
        return properties.getBoolean(name);
    }

    @Override
    public byte getByteProperty(String name) throws JMSException {
        return properties.getByte(name);
    }

    @Override
    public short getShortProperty(String name) throws JMSException {
        return properties.getShort(name);
    }

    @Override
    public int getIntProperty(String name) throws JMSException {
        return properties.getInt(name);
    }

    @Override
    public long getLongProperty(String name) throws JMSException {
        return properties.getLong(name);
    }

    @Override
    public float getFloatProperty(String name) throws JMSException {
        return properties.getFloat(name);
    }

    @Override
    public double getDoubleProperty(String name) throws JMSException {
        return properties.getDouble(name);
    }

    @Override
    public String getStringProperty(String name) throws JMSException {
        return properties.getString(name);
    }

    @Override
    public Object getObjectProperty(String name) {
        return properties.get(name);
    }

    @Override
    public Enumeration<String> getPropertyNames() {
        return properties.names();
    }

    @Override
    public void setBooleanProperty(String name, boolean value) throws JMSException {
        properties.set(name, value);
    }

    @Override
    public void setByteProperty(String name, byte value) throws JMSException {
        properties.set(name, value);
    }

    @Override
    public void setShortProperty(String name, short value) throws JMSException {
        properties.set(name, value);
    }

    @Override
    public void setIntProperty(String name, int value) throws JMSException {
        properties.set(name, value);
    }

    @Override
    public void setLongProperty(String name, long value) throws JMSException {
        properties.set(name, value);
    }

    @Override
    public void setFloatProperty(String name, float value) throws JMSException {
        properties.set(name, value);
    }

    @Override
    public void setDoubleProperty(String name, double value) throws JMSException {
        properties.set(name, value);
    }

    @Override
    public void setStringProperty(String name, String value) throws JMSException {
        properties.set(name, value);
    }

    /**
     * @throws jakarta.jms.MessageFormatException if the value is not a Boolean, Byte, Short, Integer, Long, Float,
     *                                            Double, String or null
     */
    @Override
    public void setObjectProperty(String name, Object value) throws JMSException {
        properties.set(name, value);
    }

    // ---- acknowledgement ----

    /** Calls the {@link Acknowledger} the consuming session set; does nothing on a message that was not received. */
    @Override
    public void acknowledge() throws JMSException {
        Acknowledger current = acknowledger;
        if (current != null) {
            current.acknowledge();
        }
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(getClass().getSimpleName()).append("[id=").append(messageId);
        if (destination != null) {
            text.append(", destination=").append(destination);
        }
        if (correlationId != null || correlationIdBytes != null) {
            text.append(", correlationId=").append(getJMSCorrelationID());
        }
        if (type != null) {
            text.append(", type=").append(type);
        }
        text.append(", ").append(deliveryMode == DeliveryMode.PERSISTENT ? "persistent" : "non-persistent")
                .append(", priority=").append(priority);
        if (properties.deliveryCount() > 0) {
            text.append(", deliveryCount=").append(properties.deliveryCount());
        }
        return text.append(']').toString();
    }
}
