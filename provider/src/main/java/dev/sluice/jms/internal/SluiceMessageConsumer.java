package dev.sluice.jms.internal;

import dev.sluice.db.engine.ClaimFilter;
import dev.sluice.db.engine.Held;
import dev.sluice.db.engine.Prefetch;
import dev.sluice.db.engine.SubscriptionReader;
import dev.sluice.db.log.Delivery;
import dev.sluice.db.log.Destination;
import dev.sluice.db.log.StoredMessage;
import dev.sluice.db.log.Subscription;
import dev.sluice.jms.SluiceDestination;
import dev.sluice.jms.internal.message.SluiceMessage;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;
import jakarta.jms.Queue;
import jakarta.jms.QueueReceiver;
import jakarta.jms.Topic;
import jakarta.jms.TopicSubscriber;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A message consumer (JMS 3.1 section 8): the JMS face of an engine {@link SubscriptionReader}, which claims up to
 * {@code prefetch} records at a time under a lease held by the connection. This class decodes them, applies the
 * acknowledgement mode through its session, and hands them out by {@code receive} or to its MessageListener on the
 * session's listener thread. Within a partition records come in offset order, so a producer's messages arrive in
 * the order sent.
 *
 * <p>receive and close may come from different threads (close wakes a blocked receive); everything else follows
 * the session's single-thread rule.
 */
final class SluiceMessageConsumer implements MessageConsumer, QueueReceiver, TopicSubscriber {

    private static final Logger LOG = LoggerFactory.getLogger(SluiceMessageConsumer.class);
    /** How long an undecodable record waits before it is offered again. */
    private static final long UNDECODABLE_BACKOFF_MS = 1_000;

    private final SluiceSession session;
    private final SubscriptionSpec spec;
    private final Destination stored;
    private final Subscription subscription;
    private final boolean ownsSubscription;
    private final SubscriptionReader reader;
    private final AutoCloseable activeClaim;
    private volatile MessageListener listener;
    private volatile boolean closed;
    /** The last record handed out, for {@link #afterDeferredAcknowledge}. Confined to the session's thread. */
    private Delivery lastDelivered;

    private SluiceMessageConsumer(SluiceSession session, SubscriptionSpec spec, Destination stored,
                                  Subscription subscription, boolean ownsSubscription, ClaimFilter filter,
                                  AutoCloseable activeClaim) {
        this.session = session;
        this.spec = spec;
        this.stored = stored;
        this.subscription = subscription;
        this.ownsSubscription = ownsSubscription;
        this.activeClaim = activeClaim;
        SluiceConnection connection = session.connection();
        this.reader = connection.backend().engine().openReader(subscription, stored.partitionCount(), filter,
                new Prefetch(connection.config().prefetch(), connection.config().prefetchBytes()),
                connection.config().leaseTimeoutMs());
        reader.alsoWake(session.listenerWaker());
    }

    /** Creates the consumer and, where needed, its subscription (JMS 3.1 sections 8.3.2 to 8.3.4). */
    static SluiceMessageConsumer open(SluiceSession session, SubscriptionSpec spec) throws JMSException {
        SluiceConnection connection = session.connection();
        Backend backend = connection.backend();
        ClaimFilter filter = ConsumerFilter.claimFilter(spec, connection.producerId(), backend.codec());
        Destination stored = connection.resolve(spec.destination());
        try {
            return switch (spec.kind()) {
                case QUEUE -> new SluiceMessageConsumer(session, spec, stored,
                        backend.subscriptions().queueSubscription(stored), false, filter, null);
                case NON_DURABLE -> new SluiceMessageConsumer(session, spec, stored,
                        backend.subscriptions().createIfAbsent(stored, spec.storedName(), false, false,
                                connection.clientIdOrNull(), spec.selector(), spec.noLocal(),
                                connection.coordination().sessionId()), true, filter, null);
                case DURABLE, SHARED_DURABLE, SHARED -> DurableSubscriptions.openConsumer(session, spec, stored,
                        filter);
            };
        } catch (RuntimeException e) {
            throw JmsExceptions.toJms("Creating a consumer on " + spec.describe(), e);
        }
    }

    /** For subscriptions opened by {@link DurableSubscriptions}. */
    static SluiceMessageConsumer create(SluiceSession session, SubscriptionSpec spec, Destination stored,
                                        Subscription subscription, ClaimFilter filter, AutoCloseable activeClaim) {
        return new SluiceMessageConsumer(session, spec, stored, subscription, false, filter, activeClaim);
    }

    SluiceDestination destination() {
        return spec.destination();
    }

    Subscription subscription() {
        return subscription;
    }

    void wake() {
        reader.wake();
    }

    boolean hasListener() {
        return listener != null;
    }

    private void checkOpen() throws IllegalStateException {
        if (closed) {
            throw new IllegalStateException("Consumer on " + spec.describe() + " of " + session.describe()
                    + " is closed");
        }
        session.checkOpen();
    }

    @Override
    public String getMessageSelector() throws JMSException {
        checkOpen();
        return spec.selector();
    }

    @Override
    public MessageListener getMessageListener() throws JMSException {
        checkOpen();
        return listener;
    }

    @Override
    public void setMessageListener(MessageListener newListener) throws JMSException {
        checkOpen();
        this.listener = newListener;
        if (newListener != null) {
            session.listenerChanged();
        }
    }

    @Override
    public Queue getQueue() throws JMSException {
        checkOpen();
        return (Queue) spec.destination();
    }

    @Override
    public Topic getTopic() throws JMSException {
        checkOpen();
        return (Topic) spec.destination();
    }

    @Override
    public boolean getNoLocal() throws JMSException {
        checkOpen();
        return spec.noLocal();
    }

    @Override
    public Message receive() throws JMSException {
        return receive(0);
    }

    @Override
    public Message receiveNoWait() throws JMSException {
        return receive(-1);
    }

    @Override
    public Message receive(long timeout) throws JMSException {
        return receive(timeout, false);
    }

    /**
     * Receives without acknowledging yet (JMSConsumer.receiveBody): the caller then calls
     * {@link #afterDeferredAcknowledge} saying whether the message was consumed.
     */
    Message receiveDeferringAcknowledge(long timeout) throws JMSException {
        return receive(timeout, true);
    }

    /**
     * Completes {@link #receiveDeferringAcknowledge}: acknowledge (AUTO/DUPS_OK), or, for a failed receiveBody in
     * those modes, put the message back at the head of this consumer's buffer, still leased and not counted as a
     * redelivery: JMS 3.1 section 10.4.2 wants it to behave as if the call had not happened.
     */
    void afterDeferredAcknowledge(boolean consumed) throws JMSException {
        if (consumed) {
            session.afterListener(false);
            return;
        }
        int mode = session.acknowledgeMode();
        if (mode == jakarta.jms.Session.CLIENT_ACKNOWLEDGE || mode == jakarta.jms.Session.SESSION_TRANSACTED) {
            return; // in these modes the failed receiveBody still counts as a delivery (section 10.4.2)
        }
        Delivery last = lastDelivered;
        if (last != null) {
            session.forgetDelivered(reader.held(last.message()));
            reader.pushBack(last);
        }
    }

    /** timeout 0: wait for ever; negative: don't wait. */
    private Message receive(long timeout, boolean deferAcknowledge) throws JMSException {
        checkOpen();
        if (listener != null) {
            throw new IllegalStateException("Consumer on " + spec.describe()
                    + " has a MessageListener; receive is not allowed (JMS 3.1 section 8.5)");
        }
        long deadline = timeout > 0 ? System.currentTimeMillis() + timeout : Long.MAX_VALUE;
        boolean noWait = timeout < 0;
        while (!closed && !session.isClosed()) {
            long seen = reader.waker().version();
            if (session.connection().isStarted()) {
                Message message = nextMessage(deferAcknowledge);
                if (message != null) {
                    return message;
                }
            }
            long remaining = deadline - System.currentTimeMillis();
            if (noWait || remaining <= 0) {
                reader.stopWaiting();
                session.awaitAutomaticAcknowledgement();
                return null;
            }
            try {
                reader.waker().await(seen, Math.min(remaining, SubscriptionReader.RECHECK_MS));
            } catch (InterruptedException e) {
                reader.stopWaiting();
                Thread.currentThread().interrupt();
                throw new JMSException("Interrupted while receiving from " + spec.describe());
            }
        }
        return null;
    }

    /** Delivers one message to the listener (session lock held); false when none was available. */
    boolean deliverOneToListener() throws JMSException {
        MessageListener current = listener;
        if (current == null || closed) {
            return false;
        }
        Message message = nextMessage(true);
        if (message == null) {
            return false;
        }
        boolean failed = false;
        try {
            current.onMessage(message);
        } catch (RuntimeException e) {
            failed = true;
            // once per message with the stack trace; its redeliveries (until it is dead-lettered) in one line each
            int deliveries = message.getIntProperty("JMSXDeliveryCount");
            if (deliveries <= 1) {
                LOG.warn("MessageListener of {} on {} threw for message {}; it will be redelivered",
                        session.describe(), spec.describe(), message.getJMSMessageID(), e);
            } else {
                LOG.warn("MessageListener of {} on {} threw again for message {} (delivery {}): {}",
                        session.describe(), spec.describe(), message.getJMSMessageID(), deliveries, e.toString());
            }
        }
        session.afterListener(failed);
        return true;
    }

    private Message nextMessage(boolean toListener) throws JMSException {
        SluiceConnection connection = session.connection();
        connection.checkNotLost();
        while (true) {
            Delivery delivery;
            try {
                delivery = reader.poll();
            } catch (RuntimeException e) {
                throw JmsExceptions.toJms("Fetching messages for " + spec.describe(), e);
            }
            if (delivery == null) {
                return null;
            }
            StoredMessage record = delivery.message();
            Held held = reader.held(record);
            SluiceMessage message;
            try {
                message = connection.backend().codec().decode(record);
            } catch (RuntimeException e) {
                // Not handed to anyone: offered again after a pause (the dead-letter queue will end the loop).
                LOG.error("{}: message at offset {} of partition {} of {} cannot be decoded; it is offered again in"
                        + " {} ms", session.describe(), record.offset(), record.partition(), spec.describe(),
                        UNDECODABLE_BACKOFF_MS, e);
                try {
                    connection.backend().engine().release(List.of(held), UNDECODABLE_BACKOFF_MS);
                } catch (RuntimeException releaseFailure) {
                    LOG.warn("{}: releasing the undecodable message failed; it comes back when its lease runs out",
                            session.describe(), releaseFailure);
                }
                connection.reportAsync(JmsExceptions.link(new jakarta.jms.MessageFormatException("A message of "
                        + spec.describe() + " cannot be decoded: " + e.getMessage()), e));
                continue;
            }
            message.setJMSDestination(spec.destination());
            message.setDeliveryCount(delivery.deliveryCount());
            message.makeReadOnly();
            message.setAcknowledger(session::acknowledgeAll);
            session.delivered(held, toListener);
            lastDelivered = delivery;
            return message;
        }
    }

    /** Gives the prefetched, never-delivered records back (close, recover, rollback). */
    void returnPrefetched() {
        try {
            reader.returnBuffered();
        } catch (RuntimeException e) {
            LOG.warn("{}: returning prefetched messages of {} failed; they come back when the lease runs out",
                    session.describe(), spec.describe(), e);
        }
    }

    @Override
    public void close() throws JMSException {
        if (closed) {
            return;
        }
        session.closeConsumer(this);
    }

    /** Closes without touching the session's delivered-but-unacknowledged messages (they stay the session's). */
    void closeFromSession() throws JMSException {
        if (closed) {
            return;
        }
        closed = true;
        listener = null;
        try {
            reader.close();
        } catch (RuntimeException e) {
            LOG.warn("{}: returning prefetched messages of {} failed; they come back when the lease runs out",
                    session.describe(), spec.describe(), e);
        }
        session.consumerClosed(this);
        try {
            if (spec.kind() == SubscriptionSpec.Kind.SHARED) {
                // A shared non-durable subscription lives as long as it has consumers (section 8.3.4); under the
                // name's lock, so a consumer joining from another JVM meanwhile keeps it.
                session.connection().backend().subscriptions().underNameLock(spec.storedName(), () -> {
                    activeClaim.close();
                    if (session.connection().coordination().activeConsumers(spec.storedName()) == 0) {
                        session.forgetSubscription(subscription.id());
                        session.connection().backend().subscriptions().delete(subscription);
                    }
                    return null;
                });
            } else if (activeClaim != null) {
                activeClaim.close();
            }
            if (ownsSubscription) {
                session.forgetSubscription(subscription.id());
                session.connection().backend().subscriptions().delete(subscription);
            }
        } catch (Exception e) {
            throw JmsExceptions.toJms("Closing the consumer on " + spec.describe(), e);
        }
    }
}
