package dev.sluice.jms.internal;

import dev.sluice.jms.SluiceDestination;
import jakarta.jms.CompletionListener;
import jakarta.jms.Destination;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueSender;
import jakarta.jms.Topic;
import jakarta.jms.TopicPublisher;

/**
 * A message producer of a session (JMS 3.1 section 7): its defaults for delivery mode, priority, time to live and
 * delivery delay, and its destination (none for an anonymous producer). Confined to its session's thread.
 */
final class SluiceMessageProducer implements MessageProducer, QueueSender, TopicPublisher {

    private final SluiceSession session;
    private final SluiceDestination destination;
    private volatile boolean closed;
    private SendOptions options = SendOptions.DEFAULTS;

    SluiceMessageProducer(SluiceSession session, SluiceDestination destination) {
        this.session = session;
        this.destination = destination;
    }

    private void checkOpen() throws IllegalStateException {
        if (closed) {
            throw new IllegalStateException("Producer for " + (destination == null ? "any destination" : destination)
                    + " of " + session.describe() + " is closed");
        }
        session.checkOpen();
    }

    @Override
    public void setDisableMessageID(boolean value) throws JMSException {
        checkOpen();
        options = options.withDisableMessageId(value);
    }

    @Override
    public boolean getDisableMessageID() throws JMSException {
        checkOpen();
        return options.disableMessageId();
    }

    @Override
    public void setDisableMessageTimestamp(boolean value) throws JMSException {
        checkOpen();
        options = options.withDisableTimestamp(value);
    }

    @Override
    public boolean getDisableMessageTimestamp() throws JMSException {
        checkOpen();
        return options.disableTimestamp();
    }

    @Override
    public void setDeliveryMode(int deliveryMode) throws JMSException {
        checkOpen();
        SendOptions.checkDeliveryMode(deliveryMode);
        options = options.with(deliveryMode, options.priority(), options.timeToLive());
    }

    @Override
    public int getDeliveryMode() throws JMSException {
        checkOpen();
        return options.deliveryMode();
    }

    @Override
    public void setPriority(int defaultPriority) throws JMSException {
        checkOpen();
        SendOptions.checkPriority(defaultPriority);
        options = options.with(options.deliveryMode(), defaultPriority, options.timeToLive());
    }

    @Override
    public int getPriority() throws JMSException {
        checkOpen();
        return options.priority();
    }

    @Override
    public void setTimeToLive(long timeToLive) throws JMSException {
        checkOpen();
        options = options.with(options.deliveryMode(), options.priority(), timeToLive).validate();
    }

    @Override
    public long getTimeToLive() throws JMSException {
        checkOpen();
        return options.timeToLive();
    }

    @Override
    public void setDeliveryDelay(long deliveryDelay) throws JMSException {
        checkOpen();
        options = options.withDeliveryDelay(deliveryDelay).validate();
    }

    @Override
    public long getDeliveryDelay() throws JMSException {
        checkOpen();
        return options.deliveryDelay();
    }

    @Override
    public Destination getDestination() throws JMSException {
        checkOpen();
        return destination;
    }

    @Override
    public Queue getQueue() throws JMSException {
        return (Queue) getDestination();
    }

    @Override
    public Topic getTopic() throws JMSException {
        return (Topic) getDestination();
    }

    @Override
    public void close() throws JMSException {
        if (closed) {
            return;
        }
        session.awaitCompletions("close");
        closed = true;
        session.producerClosed(this);
    }

    void closeQuietly() {
        closed = true;
    }

    // --- sends with the producer's destination ----------------------------------------------------------------

    @Override
    public void send(Message message) throws JMSException {
        send(message, options.deliveryMode(), options.priority(), options.timeToLive());
    }

    @Override
    public void send(Message message, int deliveryMode, int priority, long timeToLive) throws JMSException {
        doSend(ownDestination(), message, options.with(deliveryMode, priority, timeToLive), null);
    }

    @Override
    public void send(Message message, CompletionListener completionListener) throws JMSException {
        send(message, options.deliveryMode(), options.priority(), options.timeToLive(), completionListener);
    }

    @Override
    public void send(Message message, int deliveryMode, int priority, long timeToLive,
                     CompletionListener completionListener) throws JMSException {
        requireListener(completionListener);
        doSend(ownDestination(), message, options.with(deliveryMode, priority, timeToLive), completionListener);
    }

    @Override
    public void publish(Message message) throws JMSException {
        send(message);
    }

    @Override
    public void publish(Message message, int deliveryMode, int priority, long timeToLive) throws JMSException {
        send(message, deliveryMode, priority, timeToLive);
    }

    // --- sends naming a destination (anonymous producer) ------------------------------------------------------

    @Override
    public void send(Destination target, Message message) throws JMSException {
        send(target, message, options.deliveryMode(), options.priority(), options.timeToLive());
    }

    @Override
    public void send(Destination target, Message message, int deliveryMode, int priority, long timeToLive)
            throws JMSException {
        doSend(namedDestination(target), message, options.with(deliveryMode, priority, timeToLive), null);
    }

    @Override
    public void send(Destination target, Message message, CompletionListener completionListener)
            throws JMSException {
        send(target, message, options.deliveryMode(), options.priority(), options.timeToLive(), completionListener);
    }

    @Override
    public void send(Destination target, Message message, int deliveryMode, int priority, long timeToLive,
                     CompletionListener completionListener) throws JMSException {
        requireListener(completionListener);
        doSend(namedDestination(target), message, options.with(deliveryMode, priority, timeToLive),
                completionListener);
    }

    @Override
    public void send(Queue queue, Message message) throws JMSException {
        send((Destination) queue, message);
    }

    @Override
    public void send(Queue queue, Message message, int deliveryMode, int priority, long timeToLive)
            throws JMSException {
        send((Destination) queue, message, deliveryMode, priority, timeToLive);
    }

    @Override
    public void publish(Topic topic, Message message) throws JMSException {
        send(topic, message);
    }

    @Override
    public void publish(Topic topic, Message message, int deliveryMode, int priority, long timeToLive)
            throws JMSException {
        send(topic, message, deliveryMode, priority, timeToLive);
    }

    private SluiceDestination ownDestination() throws JMSException {
        checkOpen();
        if (destination == null) {
            throw new UnsupportedOperationException("This producer was created without a destination;"
                    + " use a send method that names one");
        }
        return destination;
    }

    private SluiceDestination namedDestination(Destination target) throws JMSException {
        checkOpen();
        if (destination != null) {
            throw new UnsupportedOperationException("This producer sends to " + destination
                    + "; it cannot send to another destination");
        }
        if (target == null) {
            throw new InvalidDestinationException("The destination must not be null");
        }
        return SluiceDestinations.of(target);
    }

    private static void requireListener(CompletionListener completionListener) {
        if (completionListener == null) {
            throw new IllegalArgumentException("The CompletionListener must not be null");
        }
    }

    private void doSend(SluiceDestination target, Message message, SendOptions sendOptions,
                        CompletionListener completionListener) throws JMSException {
        checkOpen();
        session.send(target, message, sendOptions.validate(), completionListener);
    }
}
