package dev.sluice.jms.internal;

import dev.sluice.db.log.Destination;
import dev.sluice.db.log.RecordFilter;
import dev.sluice.db.log.StoredMessage;
import dev.sluice.db.log.Subscription;
import dev.sluice.jms.SluiceQueue;
import dev.sluice.jms.internal.message.SluiceMessage;
import dev.sluice.jms.internal.selector.Selector;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import java.util.ArrayDeque;
import java.util.Enumeration;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Looks at the messages waiting on a queue without consuming them (JMS 3.1 section 8.6): every message not yet
 * acknowledged, partition by partition in offset order, that matches the selector, has not expired and whose
 * delivery time has come. Each enumeration pages through the log lazily. Confined to its session's thread.
 */
final class SluiceQueueBrowser implements QueueBrowser {

    private static final int PAGE = 200;

    private final SluiceSession session;
    private final SluiceQueue queue;
    private final String selectorText;
    private final ConsumerFilter filter;
    private final Destination stored;
    private final Subscription subscription;
    private volatile boolean closed;

    SluiceQueueBrowser(SluiceSession session, SluiceQueue queue, String selector) throws JMSException {
        this.session = session;
        this.queue = queue;
        this.selectorText = Selector.isAbsent(selector) ? null : selector;
        SluiceConnection connection = session.connection();
        this.filter = ConsumerFilter.create(SubscriptionSpec.forConsumer(queue, selector, false), connection.producerId(),
                connection.backend().codec());
        this.stored = connection.resolve(queue);
        try {
            this.subscription = connection.backend().subscriptions().queueSubscription(stored);
        } catch (RuntimeException e) {
            throw JmsExceptions.toJms("Browsing " + queue, e);
        }
    }

    @Override
    public Queue getQueue() throws JMSException {
        checkOpen();
        return queue;
    }

    @Override
    public String getMessageSelector() throws JMSException {
        checkOpen();
        return selectorText;
    }

    @Override
    public Enumeration<Message> getEnumeration() throws JMSException {
        checkOpen();
        session.awaitAutomaticAcknowledgement();
        return new Browsing();
    }

    @Override
    public void close() {
        closed = true;
    }

    private void checkOpen() throws IllegalStateException {
        if (closed) {
            throw new IllegalStateException("Browser of " + queue + " is closed");
        }
        session.checkOpen();
    }

    private final class Browsing implements Enumeration<Message> {
        private final ArrayDeque<StoredMessage> page = new ArrayDeque<>();
        private final long now = session.connection().backend().engine().clock().millis();
        private int partition;
        private long nextOffset;
        private boolean exhausted;

        @Override
        public boolean hasMoreElements() {
            fill();
            return !page.isEmpty();
        }

        @Override
        public Message nextElement() {
            fill();
            StoredMessage next = page.poll();
            if (next == null) {
                throw new NoSuchElementException("No more messages on " + queue);
            }
            SluiceMessage message = session.connection().backend().codec().decode(next);
            message.setJMSDestination(queue);
            message.makeReadOnly();
            return message;
        }

        private void fill() {
            while (page.isEmpty() && !exhausted && !closed) {
                if (partition >= stored.partitionCount()) {
                    exhausted = true;
                    return;
                }
                List<StoredMessage> read = session.connection().backend().engine().browse(subscription, partition,
                        nextOffset, PAGE);
                for (StoredMessage message : read) {
                    nextOffset = message.offset() + 1;
                    long expiresAt = message.record().expiresAt();
                    boolean visible = (expiresAt == 0 || expiresAt > now) && !message.record().notDueAt(now)
                            && filter.judge(message) == RecordFilter.Verdict.DELIVER;
                    if (visible) {
                        page.add(message);
                    }
                }
                if (read.size() < PAGE) {
                    partition++;
                    nextOffset = 0;
                }
            }
        }
    }
}
