package dev.sluice.jms.internal.message;

import dev.sluice.db.log.StoredMessage;

/**
 * A message read from the log cannot be turned back into a JMS message: its stored form is not what
 * {@link MessageCodec} writes (a newer Sluice wrote it, or SQL changed it). Carries the message's position.
 * Unchecked; the engine maps it to a {@code JMSException} at the API boundary. Immutable.
 */
public class MessageDecodingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int destinationId;
    private final int partition;
    private final long offset;

    public MessageDecodingException(StoredMessage stored, String reason, Throwable cause) {
        super("Message at offset " + stored.offset() + " of destination " + stored.destinationId() + " partition "
                + stored.partition() + " (id " + stored.record().messageId() + ") cannot be decoded: " + reason,
                cause);
        this.destinationId = stored.destinationId();
        this.partition = stored.partition();
        this.offset = stored.offset();
    }

    public int destinationId() {
        return destinationId;
    }

    public int partition() {
        return partition;
    }

    public long offset() {
        return offset;
    }
}
