package dev.sluice.jms;

import jakarta.jms.Queue;

/**
 * A Sluice queue: a partitioned log with one subscription whose consumers compete for its messages.
 * Creating this object does not create the queue in the database; Sluice creates queues on first use.
 *
 * <p>Immutable and thread-safe.
 */
public class SluiceQueue extends SluiceDestination implements Queue {

    private static final long serialVersionUID = 1L;

    /**
     * @param name the queue's name, such as {@code orders}; not null and not empty
     * @throws IllegalArgumentException if the name is null or empty
     */
    public SluiceQueue(String name) {
        super(name);
    }

    @Override
    public String getQueueName() {
        return name();
    }

    @Override
    public final boolean isQueue() {
        return true;
    }

    @Override
    public boolean isTemporary() {
        return false;
    }
}
