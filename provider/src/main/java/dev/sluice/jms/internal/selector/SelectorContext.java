package dev.sluice.jms.internal.selector;

/**
 * What a {@link Selector} reads from a message: the header fields a selector may name and the properties. The
 * message engine implements it over its message class; a selector calls it only during
 * {@link Selector#matches(SelectorContext)}, on the calling thread, so an implementation needs no more
 * thread-safety than its message has.
 *
 * <p>Jakarta Messaging 3.1 section 3.8.1.1 restricts header references in selectors to JMSDeliveryMode,
 * JMSPriority, JMSMessageID, JMSTimestamp, JMSCorrelationID and JMSType; each has an accessor here. JMSX and
 * JMS_ properties are ordinary properties and come from {@link #property(String)}.
 *
 * <p>{@link Selector#toSql()} gives the same answers as {@link Selector#matches(SelectorContext)} when this context
 * reports what the message codec stored in the row and reads back: the decoded message (see
 * {@link StoredMessageFormat}).
 */
public interface SelectorContext {

    /**
     * The value of a property, or null when the message has no property of that name. Values are Boolean, Byte,
     * Short, Integer, Long, Float, Double or String (Jakarta Messaging 3.1 section 3.5.4); a value of any other
     * class is treated as NULL.
     */
    Object property(String name);

    /** JMSMessageID, or null. */
    String jmsMessageId();

    /** JMSCorrelationID, or null. */
    String jmsCorrelationId();

    /** JMSType, or null. */
    String jmsType();

    /** JMSPriority, 0-9. */
    int jmsPriority();

    /** JMSTimestamp in epoch milliseconds (0 when the producer disabled timestamps). */
    long jmsTimestamp();

    /**
     * True if JMSDeliveryMode is PERSISTENT, false if NON_PERSISTENT. Selectors see the strings 'PERSISTENT' and
     * 'NON_PERSISTENT' (section 3.8.1.3).
     */
    boolean persistent();
}
