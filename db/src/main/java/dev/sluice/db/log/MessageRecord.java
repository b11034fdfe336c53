package dev.sluice.db.log;

/**
 * One message as the log stores it: the JMS headers as columns, the properties as JSON text (stored as
 * {@code jsonb}), the body as bytes with the provider's body-type code. Immutable; the arrays are not copied.
 *
 * @param sentAt        JMSTimestamp, epoch ms
 * @param expiresAt     JMSExpiration, epoch ms; 0 = never
 * @param deliverAt     JMSDeliveryTime, epoch ms; 0 = at once
 * @param producerId    identity of the sending connection (for noLocal)
 * @param properties    JSON object text, or null for none
 * @param propertyTypes the provider's encoding of property types JSON does not carry, may be null
 */
public record MessageRecord(String messageId, String correlationId, String jmsType, String replyTo, int priority,
                            boolean persistent, long sentAt, long expiresAt, long deliverAt, String groupId,
                            String producerId, String properties, String propertyTypes, int bodyType,
                            byte[] body) {

    /**
     * True when the message may not be delivered yet at {@code now}: it was sent with a delivery delay
     * ({@code deliverAt} after {@code sentAt}; without a timestamp, any {@code deliverAt}) that has not passed. A
     * message without a delay is due at once even if the sender's clock ran a little ahead of the judge's.
     */
    public boolean notDueAt(long now) {
        return deliverAt > sentAt && deliverAt > now;
    }

    /** This message with {@code body} instead of its own (a record read without its body gets it back). */
    public MessageRecord withBody(byte[] body) {
        return new MessageRecord(messageId, correlationId, jmsType, replyTo, priority, persistent, sentAt, expiresAt,
                deliverAt, groupId, producerId, properties, propertyTypes, bodyType, body);
    }

    /** This message without expiration and delivery delay: a copy moved aside waits to be looked at. */
    public MessageRecord withoutExpiryOrDelay() {
        return new MessageRecord(messageId, correlationId, jmsType, replyTo, priority, persistent, sentAt, 0, 0,
                groupId, producerId, properties, propertyTypes, bodyType, body);
    }

    /** Bytes this record occupies in the log, roughly: what retention by size counts. */
    public int bodySize() {
        return body == null ? 0 : body.length;
    }
}
