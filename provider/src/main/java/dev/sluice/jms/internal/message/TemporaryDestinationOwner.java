package dev.sluice.jms.internal.message;

import dev.sluice.jms.SluiceDestination;
import jakarta.jms.JMSException;

/**
 * The connection that created a temporary destination and alone may delete it. Implementations must be
 * thread-safe: any thread may call {@code TemporaryQueue.delete()}.
 */
public interface TemporaryDestinationOwner {

    /**
     * Deletes {@code destination}, which this owner created.
     *
     * @throws JMSException if it cannot be deleted, for example while it still has consumers
     */
    void deleteTemporary(SluiceDestination destination) throws JMSException;
}
