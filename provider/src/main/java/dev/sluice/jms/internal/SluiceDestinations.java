package dev.sluice.jms.internal;

import dev.sluice.db.log.DestinationName;
import dev.sluice.db.log.InvalidDestinationNameException;
import dev.sluice.jms.SluiceDestination;
import dev.sluice.jms.SluiceQueue;
import dev.sluice.jms.SluiceTopic;
import jakarta.jms.Destination;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.Topic;

/**
 * Turns the destinations applications pass in into Sluice destinations: Sluice's own as they are, another
 * provider's queue or topic by its name, anything else rejected with InvalidDestinationException.
 */
final class SluiceDestinations {

    private SluiceDestinations() {
    }

    /** The Sluice destination for {@code destination}; null stays null (an anonymous producer). */
    static SluiceDestination of(Destination destination) throws JMSException {
        if (destination == null || destination instanceof SluiceDestination) {
            return (SluiceDestination) destination;
        }
        if (destination instanceof Queue queue) {
            return new SluiceQueue(validName(queue.getQueueName(), "queue"));
        }
        if (destination instanceof Topic topic) {
            return new SluiceTopic(validName(topic.getTopicName(), "topic"));
        }
        throw new InvalidDestinationException("Destination " + destination + " (" + destination.getClass().getName()
                + ") is neither a Queue nor a Topic");
    }

    static SluiceDestination require(Destination destination) throws JMSException {
        if (destination == null) {
            throw new InvalidDestinationException("The destination must not be null");
        }
        return of(destination);
    }

    static SluiceTopic requireTopic(Topic topic) throws JMSException {
        if (topic == null) {
            throw new InvalidDestinationException("The topic must not be null");
        }
        return (SluiceTopic) of(topic);
    }

    static SluiceQueue requireQueue(Queue queue) throws JMSException {
        if (queue == null) {
            throw new InvalidDestinationException("The queue must not be null");
        }
        return (SluiceQueue) of(queue);
    }

    static String validName(String name, String kind) throws InvalidDestinationException {
        try {
            return DestinationName.validate(name);
        } catch (InvalidDestinationNameException e) {
            throw JmsExceptions.link(new InvalidDestinationException("Invalid " + kind + " name: " + e.getMessage()),
                    e);
        }
    }
}
