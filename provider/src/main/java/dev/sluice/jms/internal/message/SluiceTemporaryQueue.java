package dev.sluice.jms.internal.message;

import dev.sluice.jms.SluiceQueue;
import jakarta.jms.JMSException;
import jakarta.jms.TemporaryQueue;

/**
 * A temporary queue: it lives as long as the connection that created it (its owner), and only that
 * connection may consume from it or delete it. An instance decoded
 * from a message's {@code JMSReplyTo} has no owner; it equals the owner's instance and can be sent to.
 *
 * <p>Immutable and thread-safe; the owner is not serialised.
 */
public class SluiceTemporaryQueue extends SluiceQueue implements TemporaryQueue {

    private static final long serialVersionUID = 1L;

    private final transient TemporaryDestinationOwner owner;

    /**
     * @param name  the queue's unique name
     * @param owner the connection that created it, or null when this object only refers to it
     */
    public SluiceTemporaryQueue(String name, TemporaryDestinationOwner owner) {
        super(name);
        this.owner = owner;
    }

    /** The connection that created this queue, or null when this object only refers to it. */
    public TemporaryDestinationOwner owner() {
        return owner;
    }

    @Override
    public boolean isTemporary() {
        return true;
    }

    /**
     * Deletes this queue through its owning connection.
     *
     * @throws jakarta.jms.IllegalStateException if this object has no owner (only the creating connection may
     *                                           delete a temporary queue)
     * @throws JMSException                      if the owner cannot delete it, for example while it has consumers
     */
    @Override
    public void delete() throws JMSException {
        TemporaryDestinations.delete(this, owner);
    }
}
