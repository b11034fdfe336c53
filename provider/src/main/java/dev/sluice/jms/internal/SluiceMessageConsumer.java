package dev.sluice.jms.internal;

import dev.sluice.db.log.Delivery;
import dev.sluice.db.log.Destination;
import dev.sluice.db.log.RecordFilter;
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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A message consumer (JMS 3.1 section 8): reads one subscription, acquiring up to {@code prefetch} records at a
 * time under a lease held by its connection, and hands them out by {@code receive} or to its MessageListener on the
 * session's listener thread. It waits for new records on a {@link Waker} that the destination's notifications
 * fire, with a periodic re-check ({@value #RECHECK_MS} ms) for records that become available without a
 * notification (a dead consumer's lease running out, a delivery delay passing). Partitions are read in rotation;
 * within a partition in offset order, so a producer's messages arrive in the order sent.
 *
 * <p>receive and close may come from different threads (close wakes a blocked receive); everything else follows
 * the session's single-thread rule. The prefetch buffer is guarded by this object's monitor.
 */
final class SluiceMessageConsumer implements MessageConsumer, QueueReceiver, TopicSubscriber {

    private static final Logger LOG = LoggerFactory.getLogger(SluiceMessageConsumer.class);
    static final long RECHECK_MS = 1_000;

    private final SluiceSession session;
    private final SubscriptionSpec spec;
    private final Destination stored;
    private final Subscription subscription;
    private final boolean ownsSubscription;
    private final RecordFilter filter;
    private final Waker waker = new Waker();
    private final DestinationSignal signal;
    private final ArrayDeque<Delivery> buffer = new ArrayDeque<>();
    private final AutoCloseable activeClaim;
    private volatile MessageListener listener;
    private volatile boolean closed;
    private int nextPartition;
    /** Per partition: the signal version at the last fetch, and whether that fetch left more behind. */
    private long[] seenVersions;
    private boolean[] moreWaiting;
    private long lastSweep;
    /** The last record handed out, for {@link #afterDeferredAcknowledge}. Confined to the session's thread. */
    private Delivery lastDelivered;

    private SluiceMessageConsumer(SluiceSession session, SubscriptionSpec spec, Destination stored,
                                  Subscription subscription, boolean ownsSubscription, RecordFilter filter,
                                  AutoCloseable activeClaim) {
        this.session = session;
        this.spec = spec;
        this.stored = stored;
        this.subscription = subscription;
        this.ownsSubscription = ownsSubscription;
        this.filter = filter;
        this.activeClaim = activeClaim;
        this.signal = session.connection().backend().notifications().signal(stored.id());
        signal.add(waker);
        signal.add(session.listenerWaker());
    }

    /** Creates the consumer and, where needed, its subscription (JMS 3.1 sections 8.3.2 to 8.3.4). */
    static SluiceMessageConsumer open(SluiceSession session, SubscriptionSpec spec) throws JMSException {
        SluiceConnection connection = session.connection();
        Backend backend = connection.backend();
        ConsumerFilter filter = ConsumerFilter.create(spec, connection.producerId(), backend.codec());
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
                                        Subscription subscription, RecordFilter filter, AutoCloseable activeClaim) {
        return new SluiceMessageConsumer(session, spec, stored, subscription, false, filter, activeClaim);
    }

    SluiceDestination destination() {
        return spec.destination();
    }

    Subscription subscription() {
        return subscription;
    }

    void wake() {
        waker.wake();
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
            session.forgetDelivered(subscription.id(), last.message().partition(), last.message().offset());
            synchronized (buffer) {
                buffer.addFirst(last);
            }
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
            long seen = waker.version();
            if (session.connection().isStarted()) {
                Message message = nextMessage(deferAcknowledge);
                if (message != null) {
                    return message;
                }
            }
            long remaining = deadline - System.currentTimeMillis();
            if (noWait || remaining <= 0) {
                session.awaitAutomaticAcknowledgement();
                return null;
            }
            try {
                waker.await(seen, Math.min(remaining, RECHECK_MS));
            } catch (InterruptedException e) {
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
            LOG.warn("MessageListener of {} on {} threw; the message will be redelivered", session.describe(),
                    spec.describe(), e);
        }
        session.afterListener(failed);
        return true;
    }

    private Message nextMessage(boolean toListener) throws JMSException {
        while (true) {
            Delivery delivery = nextDelivery();
            if (delivery == null) {
                return null;
            }
            StoredMessage record = delivery.message();
            long expiresAt = record.record().expiresAt();
            if (expiresAt != 0 && expiresAt <= System.currentTimeMillis()) {
                // Expired while prefetched: never delivered (section 7.9), so it is done for this subscription.
                session.connection().backend().deliveries().acknowledge(subscription.id(), stored.id(),
                        record.partition(), new long[] {record.offset()}, session.connection().id());
                continue;
            }
            SluiceMessage message = session.connection().backend().codec().decode(record);
            message.setJMSDestination(spec.destination());
            message.setDeliveryCount(delivery.deliveryCount());
            message.makeReadOnly();
            message.setAcknowledger(session::acknowledgeAll);
            session.delivered(new InFlight(subscription, record.partition(), record.offset()), toListener);
            lastDelivered = delivery;
            return message;
        }
    }

    private Delivery nextDelivery() throws JMSException {
        synchronized (buffer) {
            Delivery next = buffer.poll();
            if (next != null) {
                return next;
            }
        }
        fetch();
        synchronized (buffer) {
            return buffer.poll();
        }
    }

    /**
     * Acquires from the partitions that changed since this consumer last looked (or that still had more, or all of
     * them once per {@value #RECHECK_MS} ms), a share of the prefetch each, so that the priority order of the
     * buffer covers the whole destination (a high-priority message waiting in another partition comes first).
     */
    private void fetch() throws JMSException {
        SluiceConnection connection = session.connection();
        int partitions = stored.partitionCount();
        if (seenVersions == null) {
            seenVersions = new long[partitions];
            java.util.Arrays.fill(seenVersions, -1);
            moreWaiting = new boolean[partitions];
        }
        long now = System.currentTimeMillis();
        boolean sweep = now - lastSweep >= RECHECK_MS;
        if (sweep) {
            lastSweep = now;
        }
        int share = Math.max(1, (connection.config().prefetch() + partitions - 1) / partitions);
        List<Delivery> fetched = new ArrayList<>();
        for (int i = 0; i < partitions && !closed; i++) {
            int partition = (nextPartition + i) % partitions;
            long version = signal.version(partition);
            if (!sweep && !moreWaiting[partition] && version == seenVersions[partition]) {
                continue;
            }
            seenVersions[partition] = version;
            try {
                List<Delivery> acquired = connection.backend().deliveries().acquire(subscription, partition,
                        connection.id(), share, connection.config().leaseTimeoutMs(), filter);
                moreWaiting[partition] = acquired.size() >= share;
                fetched.addAll(acquired);
            } catch (RuntimeException e) {
                seenVersions[partition] = -1;
                synchronized (buffer) {
                    addByPriority(fetched);
                }
                throw JmsExceptions.toJms("Fetching messages for " + spec.describe(), e);
            }
        }
        nextPartition = (nextPartition + 1) % partitions;
        if (!fetched.isEmpty()) {
            synchronized (buffer) {
                addByPriority(fetched);
            }
        }
    }

    /**
     * Adds fetched records so that higher JMS priorities come first (section 3.4.10, best effort); the sort is
     * stable, so records of one priority keep their order and a producer's messages stay in the order sent.
     */
    private void addByPriority(List<Delivery> acquired) {
        List<Delivery> merged = new ArrayList<>(buffer.size() + acquired.size());
        merged.addAll(buffer);
        merged.addAll(acquired);
        merged.sort(java.util.Comparator.comparingInt((Delivery d) -> d.message().record().priority()).reversed());
        buffer.clear();
        buffer.addAll(merged);
    }

    /** Gives the prefetched, never-delivered records back (close, recover, rollback). */
    void returnPrefetched() {
        List<Delivery> drained;
        synchronized (buffer) {
            drained = new ArrayList<>(buffer);
            buffer.clear();
        }
        if (drained.isEmpty()) {
            return;
        }
        Map<Integer, List<Long>> byPartition = new LinkedHashMap<>();
        for (Delivery delivery : drained) {
            byPartition.computeIfAbsent(delivery.message().partition(), p -> new ArrayList<>())
                    .add(delivery.message().offset());
        }
        SluiceConnection connection = session.connection();
        byPartition.forEach((partition, offsets) -> {
            try {
                connection.backend().deliveries().returnUndelivered(subscription.id(), stored.id(), partition,
                        offsets.stream().mapToLong(Long::longValue).toArray(), connection.id());
            } catch (RuntimeException e) {
                LOG.warn("{}: returning {} prefetched messages of {} failed; they come back when the lease runs out",
                        session.describe(), offsets.size(), spec.describe(), e);
            }
        });
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
        waker.wake();
        signal.remove(waker);
        returnPrefetched();
        session.consumerClosed(this);
        try {
            if (activeClaim != null) {
                activeClaim.close();
            }
            if (spec.kind() == SubscriptionSpec.Kind.SHARED
                    && session.connection().coordination().activeConsumers(spec.storedName()) == 0) {
                // A shared non-durable subscription lives as long as it has consumers (section 8.3.4).
                session.forgetSubscription(subscription.id());
                session.connection().backend().subscriptions().delete(subscription);
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
