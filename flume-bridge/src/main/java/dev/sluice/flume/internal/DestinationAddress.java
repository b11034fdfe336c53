package dev.sluice.flume.internal;

import dev.sluice.flume.ComponentContext;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Session;

/**
 * A destination written as {@code queue://name} or {@code topic://name}. Immutable.
 */
public record DestinationAddress(boolean topic, String name) {

    /** Reads {@code key} of {@code context}. */
    public static DestinationAddress read(ComponentContext context, String key) {
        String value = context.string(key, "queue://NAME or topic://NAME");
        if (value.startsWith("queue://") && value.length() > "queue://".length()) {
            return new DestinationAddress(false, value.substring("queue://".length()));
        }
        if (value.startsWith("topic://") && value.length() > "topic://".length()) {
            return new DestinationAddress(true, value.substring("topic://".length()));
        }
        throw context.invalid(key, "queue://NAME or topic://NAME");
    }

    public Destination create(Session session) throws JMSException {
        return topic ? session.createTopic(name) : session.createQueue(name);
    }

    @Override
    public String toString() {
        return (topic ? "topic://" : "queue://") + name;
    }
}
