package dev.sluice.jms;

import jakarta.jms.Topic;

/**
 * A Sluice topic: a partitioned log where every subscription receives every message published after it was
 * created. Creating this object does not create the topic in the database; Sluice creates topics on first use.
 *
 * <p>Immutable and thread-safe.
 */
public class SluiceTopic extends SluiceDestination implements Topic {

    private static final long serialVersionUID = 1L;

    /**
     * @param name the topic's name, such as {@code prices}; not null and not empty
     * @throws IllegalArgumentException if the name is null or empty
     */
    public SluiceTopic(String name) {
        super(name);
    }

    @Override
    public String getTopicName() {
        return name();
    }

    @Override
    public final boolean isQueue() {
        return false;
    }

    @Override
    public boolean isTemporary() {
        return false;
    }
}
