package dev.sluice.flume.channels;

import dev.sluice.flume.Channel;
import dev.sluice.flume.ChannelException;
import dev.sluice.flume.ChannelFullException;
import dev.sluice.flume.ChannelTaker;
import dev.sluice.flume.ComponentContext;
import dev.sluice.flume.Counters;
import dev.sluice.flume.Event;
import dev.sluice.flume.internal.DestinationAddress;
import dev.sluice.flume.internal.EventMessages;
import dev.sluice.flume.internal.JmsConnector;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A channel that is a JMS queue or topic ({@code type = jms}). A put sends its events as BytesMessages in one
 * transacted session and commits; sessions are pooled so that any number of source threads put concurrently,
 * each on a session of its own. Each sink reads through a {@link JmsTaker} with its own transacted session; on a
 * topic, through a shared durable subscription named for the sink, which the sink creates when it starts (the
 * agent starts sinks before sources, so nothing is published before the subscription exists).
 *
 * <p>Capacity: with {@code capacity > 0} on a queue, the depth is counted with a queue browser (at most
 * {@code capacity} messages, at most once per {@code capacityCheckInterval} ms) and a put that would go over it
 * throws {@link ChannelFullException}, so sources back off. Topics have no depth a JMS client can see; their
 * capacity is not checked.
 *
 * <p>Keys: {@code destination} (required), {@code url} / {@code user} / {@code password} or {@code jndi.*} (see
 * {@link JmsConnector}), {@code capacity} (0 = unbounded), {@code capacityCheckInterval} (1000 ms),
 * {@code deliveryMode} (persistent | non_persistent). Thread-safe.
 */
public final class JmsChannel implements Channel {

    private static final Logger LOG = LoggerFactory.getLogger(JmsChannel.class);

    private String name;
    private JmsConnector connector;
    private DestinationAddress destination;
    private long capacity;
    private long capacityCheckMillis;
    private int deliveryMode;
    private Counters counters = new Counters("CHANNEL", "unnamed");

    private final Object connectionLock = new Object();
    private Connection connection;
    private final ConcurrentLinkedDeque<PutSession> idle = new ConcurrentLinkedDeque<>();
    private final Object depthLock = new Object();
    private long depth;
    private long depthMeasuredAt;
    private volatile boolean stopped;

    @Override
    public void configure(ComponentContext context) {
        name = context.componentName();
        destination = DestinationAddress.read(context, "destination");
        connector = JmsConnector.read(context);
        capacity = context.number("capacity", 0, 0, Long.MAX_VALUE);
        capacityCheckMillis = context.number("capacityCheckInterval", 1000, 0, 3_600_000);
        deliveryMode = context.choice("deliveryMode", "persistent", "persistent", "non_persistent")
                .equals("persistent") ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void setCounters(Counters counters) {
        this.counters = counters;
    }

    public DestinationAddress destination() {
        return destination;
    }

    @Override
    public void start() {
        try {
            connection();
        } catch (JMSException e) {
            throw new ChannelException("Channel " + name + " could not connect to " + connector + ": " + e, e);
        }
        if (capacity > 0) {
            counters.set(Counters.CHANNEL_CAPACITY, capacity);
        }
        LOG.info("channel {}: {} through {}", name, destination, connector);
    }

    private Connection connection() throws JMSException {
        synchronized (connectionLock) {
            if (stopped) {
                throw new ChannelException("Channel " + name + " is stopped");
            }
            if (connection == null) {
                Connection opened = connector.connect();
                opened.start();
                connection = opened;
            }
            return connection;
        }
    }

    /** Called after a failure that may have broken the connection: the next use opens a new one. */
    private void discardConnection(Connection broken) {
        synchronized (connectionLock) {
            if (connection == broken && broken != null) {
                connection = null;
                PutSession session;
                while ((session = idle.poll()) != null) {
                    session.closeQuietly();
                }
                closeQuietly(broken);
            }
        }
    }

    @Override
    public void put(List<Event> events) {
        if (events.isEmpty()) {
            return;
        }
        counters.add(Counters.PUT_ATTEMPT, events.size());
        checkCapacity(events.size());
        PutSession session = idle.pollFirst();
        Connection used = null;
        try {
            if (session == null) {
                used = connection();
                session = new PutSession(used);
            }
            used = session.connection;
            session.send(events);
            counters.add(Counters.PUT_SUCCESS, events.size());
            synchronized (depthLock) {
                depth += events.size();
            }
            idle.offerFirst(session);
        } catch (JMSException | RuntimeException e) {
            if (session != null) {
                session.closeQuietly();
            }
            if (e instanceof ChannelException channelException) {
                throw channelException;
            }
            if (used != null && isConnectionFailure(used)) {
                discardConnection(used);
            }
            throw new ChannelException("Put of " + events.size() + " events to channel " + name + " ("
                    + destination + ") failed and was rolled back: " + e, e);
        }
    }

    private boolean isConnectionFailure(Connection used) {
        try {
            used.createSession(true, Session.SESSION_TRANSACTED).close();
            return false;
        } catch (JMSException | RuntimeException e) {
            return true;
        }
    }

    private void checkCapacity(int adding) {
        if (capacity <= 0 || destination.topic()) {
            return;
        }
        synchronized (depthLock) {
            long now = System.currentTimeMillis();
            if (now - depthMeasuredAt >= capacityCheckMillis || depth + adding > capacity) {
                if (now - depthMeasuredAt >= capacityCheckMillis) {
                    depth = measureDepth();
                    depthMeasuredAt = System.currentTimeMillis();
                    counters.set(Counters.CHANNEL_SIZE, depth);
                    counters.set(Counters.CHANNEL_FILL, Math.min(100, depth * 100 / capacity));
                }
            }
            if (depth + adding > capacity) {
                throw new ChannelFullException("Channel " + name + " (" + destination + ") is full: it holds "
                        + (depth >= capacity ? "at least " : "") + depth + " events and its capacity is " + capacity
                        + "; the source should retry once sinks have taken some");
            }
        }
    }

    private long measureDepth() {
        try (Session session = connection().createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            QueueBrowser browser = session.createBrowser((Queue) destination.create(session));
            Enumeration<?> messages = browser.getEnumeration();
            long count = 0;
            while (count < capacity && messages.hasMoreElements()) {
                messages.nextElement();
                count++;
            }
            browser.close();
            return count;
        } catch (JMSException e) {
            throw new ChannelException("Channel " + name + " could not count the messages of " + destination
                    + ": " + e, e);
        }
    }

    @Override
    public ChannelTaker openTaker(String sinkName, String subscription) {
        try {
            return new JmsTaker(this, sinkName, subscription);
        } catch (JMSException e) {
            throw new ChannelException("Sink " + sinkName + " could not open a reader of channel " + name + " ("
                    + destination + (destination.topic() ? ", subscription " + subscription : "") + "): " + e, e);
        }
    }

    /** For {@link JmsTaker}: a transacted session on the channel's connection. */
    Session createTakeSession() throws JMSException {
        Connection current = connection();
        try {
            return current.createSession(true, Session.SESSION_TRANSACTED);
        } catch (JMSException | RuntimeException e) {
            discardConnection(current);
            throw e;
        }
    }

    void tookEvents(int attempted, int taken) {
        counters.add(Counters.TAKE_ATTEMPT, attempted);
        counters.add(Counters.TAKE_SUCCESS, taken);
    }

    void committedTake(int taken) {
        synchronized (depthLock) {
            depth = Math.max(0, depth - taken);
        }
    }

    @Override
    public void stop() {
        synchronized (connectionLock) {
            stopped = true;
            PutSession session;
            while ((session = idle.poll()) != null) {
                session.closeQuietly();
            }
            if (connection != null) {
                closeQuietly(connection);
                connection = null;
            }
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (JMSException e) {
            LOG.warn("Closing a JMS connection failed: {}", e.toString());
        }
    }

    @Override
    public String toString() {
        return "JmsChannel[" + name + " " + destination + "]";
    }

    /** A transacted session and its producer, used by one putting thread at a time. */
    private final class PutSession {
        private final Connection connection;
        private final Session session;
        private final MessageProducer producer;

        PutSession(Connection connection) throws JMSException {
            this.connection = connection;
            this.session = connection.createSession(true, Session.SESSION_TRANSACTED);
            this.producer = session.createProducer(destination.create(session));
            producer.setDeliveryMode(deliveryMode);
        }

        void send(List<Event> events) throws JMSException {
            try {
                for (Event event : events) {
                    producer.send(EventMessages.toMessage(session, event));
                }
                session.commit();
            } catch (JMSException | RuntimeException e) {
                try {
                    session.rollback();
                } catch (JMSException | RuntimeException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            }
        }

        void closeQuietly() {
            try {
                session.close();
            } catch (JMSException | RuntimeException e) {
                LOG.debug("channel {}: closing a put session failed: {}", name, e.toString());
            }
        }
    }
}
