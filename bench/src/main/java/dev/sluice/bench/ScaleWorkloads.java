package dev.sluice.bench;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trials of the scale sweep, written once against {@code jakarta.jms} so Sluice and Artemis run the same code:
 * filling a destination, draining a backlog, producers and listener consumers over many destinations, and latency
 * at a fixed offered rate. A trial measures several back-to-back windows on one set-up and returns a figure per
 * window (the sweep takes their median). Consumers are MessageListeners, as applications with many consumers
 * run them; connections are shared by sessions in groups of {@value #SESSIONS_PER_CONNECTION}. Used by the sweep's
 * thread; the trial threads are confined to their own sessions.
 */
final class ScaleWorkloads {

    private static final Logger LOG = LoggerFactory.getLogger(ScaleWorkloads.class);

    static final int BODY_BYTES = 1024;
    private static final int SESSIONS_PER_CONNECTION = 50;
    private static final int FILL_PRODUCERS = 4;
    private static final int FILL_BATCH = 500;
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);
    private static final String DUE = "benchDueNanos";
    private static final String SLOT = "benchSlot";

    /** Where producers send and consumers read: queues, or one shared durable subscription per topic. */
    enum Kind { QUEUE, TOPIC_SHARED }

    /** The figures of one window of a flow trial. */
    record Window(double sentPerSecond, double receivedPerSecond, double fairness) {
    }

    private final ConnectionFactory factory;
    private final String system;

    ScaleWorkloads(ConnectionFactory factory, String system) {
        this.factory = factory;
        this.system = system;
    }

    static byte[] body(int bytes) {
        byte[] body = new byte[bytes];
        new Random(42).nextBytes(body);
        return body;
    }

    /** Sends {@code count} persistent messages to the destination in transactions of {@value #FILL_BATCH}. */
    void fill(Kind kind, String name, int count, int bodyBytes) throws Exception {
        byte[] body = body(bodyBytes);
        List<Connection> connections = new ArrayList<>();
        Crew crew = new Crew(system + " fill");
        AtomicLong next = new AtomicLong();
        try {
            for (int p = 0; p < FILL_PRODUCERS; p++) {
                Connection connection = open(connections);
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                MessageProducer producer = session.createProducer(destination(session, kind, name));
                producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                crew.add("filler-" + p, () -> {
                    int pending = 0;
                    while (next.getAndIncrement() < count) {
                        producer.send(message(session, body));
                        if (++pending == FILL_BATCH) {
                            session.commit();
                            pending = 0;
                        }
                    }
                    session.commit();
                });
            }
            crew.start();
            crew.stop(Duration.ofHours(1));
        } finally {
            closeAll(connections);
        }
    }

    /**
     * Four listeners drain a queue that holds {@code backlog} messages; the figure is received per second until
     * the queue is empty or {@code window} ends, whichever comes first.
     */
    double drain(String queue, int backlog, Duration window) throws Exception {
        List<Connection> connections = new ArrayList<>();
        AtomicLong received = new AtomicLong();
        long[] lastAt = new long[1];
        Object done = new Object();
        try {
            Connection connection = open(connections);
            for (int c = 0; c < 4; c++) {
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
                consumer.setMessageListener(message -> {
                    if (received.incrementAndGet() == backlog) {
                        synchronized (done) {
                            lastAt[0] = System.nanoTime();
                            done.notifyAll();
                        }
                    }
                });
            }
            long start = System.nanoTime();
            long end = start + window.toNanos();
            connection.start();
            synchronized (done) {
                long left;
                while (lastAt[0] == 0 && (left = end - System.nanoTime()) > 0) {
                    TimeUnit.NANOSECONDS.timedWait(done, left);
                }
            }
            long finished = lastAt[0] == 0 ? System.nanoTime() : lastAt[0];
            long count = Math.min(received.get(), backlog);
            connection.stop();
            return count / ((finished - start) / 1e9);
        } finally {
            closeAll(connections);
        }
    }

    /**
     * {@code producers} threads send as fast as sends return, round-robin over {@code names}; {@code consumers}
     * listeners (at least one per destination when any) read them. Measures {@code windows} consecutive windows
     * of {@code window} after one of warm-up.
     */
    List<Window> flow(Kind kind, List<String> names, int producers, int consumers, int bodyBytes, Duration window,
                      int windows) throws Exception {
        byte[] body = body(bodyBytes);
        int listeners = consumers == 0 ? 0 : Math.max(consumers, names.size());
        AtomicLongArray receivedBy = new AtomicLongArray(Math.max(1, listeners));
        AtomicLong sent = new AtomicLong();
        List<Connection> connections = new ArrayList<>();
        Crew crew = new Crew(system + " flow");
        try {
            listen(connections, kind, names, listeners, (index) -> receivedBy.incrementAndGet(index));
            for (int p = 0; p < producers; p++) {
                Connection connection = open(connections);
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                List<Destination> destinations = new ArrayList<>();
                for (String name : names) {
                    destinations.add(destination(session, kind, name));
                }
                MessageProducer producer = session.createProducer(null);
                producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                int first = p;
                crew.add("producer-" + p, () -> {
                    int next = first;
                    while (crew.running()) {
                        producer.send(destinations.get(next++ % destinations.size()), message(session, body));
                        sent.incrementAndGet();
                    }
                });
            }
            crew.start();
            long boundary = System.nanoTime() + window.toNanos(); // the warm-up window
            crew.awaitDeadline(boundary);
            List<Window> figures = new ArrayList<>();
            long[] before = snapshot(receivedBy);
            long sentBefore = sent.get();
            long startedAt = System.nanoTime();
            for (int w = 0; w < windows; w++) {
                boundary += window.toNanos();
                crew.awaitDeadline(boundary);
                long now = System.nanoTime();
                long[] after = snapshot(receivedBy);
                long sentAfter = sent.get();
                double seconds = (now - startedAt) / 1e9;
                long[] delta = new long[after.length];
                long total = 0;
                for (int i = 0; i < after.length; i++) {
                    delta[i] = after[i] - before[i];
                    total += delta[i];
                }
                figures.add(new Window((sentAfter - sentBefore) / seconds, total / seconds,
                        listeners == 0 ? 1 : jain(delta)));
                before = after;
                sentBefore = sentAfter;
                startedAt = now;
            }
            crew.stop(STOP_GRACE);
            return figures;
        } finally {
            closeAll(connections);
        }
    }

    /** Creates shared durable subscription {@code subscription} on the topic and leaves it, to fall behind. */
    void subscribeAndLeave(String topic, String subscription) throws JMSException {
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createSharedDurableConsumer(session.createTopic(topic), subscription).close();
        }
    }

    /** Removes a durable subscription that no consumer holds. */
    void unsubscribe(String subscription) throws JMSException {
        try (Connection connection = factory.createConnection()) {
            connection.createSession(false, Session.AUTO_ACKNOWLEDGE).unsubscribe(subscription);
        }
    }

    /** {@code count} listeners that expect nothing, one per queue of {@code names}: the idle consumers. */
    List<Connection> idleListeners(List<String> names) throws JMSException {
        List<Connection> connections = new ArrayList<>();
        try {
            listen(connections, Kind.QUEUE, names, names.size(), index -> { });
            return connections;
        } catch (JMSException | RuntimeException e) {
            closeAll(connections);
            throw e;
        }
    }

    /**
     * Send-to-listener latency at {@code rate} msg/s: message i is due at {@code start + i / rate} and sent then by
     * one of a pool of senders, stamped with its due time, so a system that falls behind is charged for the
     * queueing too. The figure per window is the p99 of receive time minus due time of the messages due in it;
     * messages not received by a grace period after the last window count with the time they had waited by then.
     *
     * @param onWindowEnd called with the window's index as each window ends (not timed against the system)
     */
    List<Double> latency(Kind kind, String name, int consumers, int rate, Duration window, int windows,
                         IntConsumer onWindowEnd) throws Exception {
        byte[] body = body(BODY_BYTES);
        long period = TimeUnit.SECONDS.toNanos(1) / rate;
        int perWindow = (int) Math.max(1, window.toNanos() / period);
        int expected = perWindow * windows;
        long[] latencies = new long[expected];
        Arrays.fill(latencies, -1);
        AtomicLong received = new AtomicLong();
        AtomicLong nextSlot = new AtomicLong();
        long[] start = new long[1];
        List<Connection> connections = new ArrayList<>();
        Crew crew = new Crew(system + " latency");
        try {
            List<String> names = new ArrayList<>();
            for (int c = 0; c < consumers; c++) {
                names.add(name);
            }
            listen(connections, kind, names, consumers,
                    (message, index) -> {
                        long now = System.nanoTime();
                        int slot = message.getIntProperty(SLOT);
                        latencies[slot] = now - message.getLongProperty(DUE);
                        received.incrementAndGet();
                    });
            int senders = Math.max(8, rate / 150);
            for (int s = 0; s < senders; s++) {
                Connection connection = open(connections);
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer producer = session.createProducer(destination(session, kind, name));
                producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                crew.add("sender-" + s, () -> {
                    long slot;
                    while (crew.running() && (slot = nextSlot.getAndIncrement()) < expected) {
                        long due = start[0] + slot * period;
                        long wait;
                        while ((wait = due - System.nanoTime()) > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        BytesMessage message = message(session, body);
                        message.setLongProperty(DUE, due);
                        message.setIntProperty(SLOT, (int) slot);
                        producer.send(message);
                    }
                });
            }
            start[0] = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
            crew.start();
            for (int w = 0; w < windows; w++) {
                crew.awaitDeadline(start[0] + (w + 1) * perWindow * period);
                onWindowEnd.accept(w);
            }
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (received.get() < expected && System.nanoTime() < giveUp && crew.running()) {
                Thread.sleep(10);
            }
            long cutoff = System.nanoTime();
            crew.stop(STOP_GRACE);
            List<Double> figures = new ArrayList<>();
            int missing = 0;
            for (int w = 0; w < windows; w++) {
                long[] part = Arrays.copyOfRange(latencies, w * perWindow, (w + 1) * perWindow);
                for (int i = 0; i < part.length; i++) {
                    if (part[i] < 0) {
                        missing++;
                        part[i] = cutoff - (start[0] + (long) (w * perWindow + i) * period);
                    }
                }
                Arrays.sort(part);
                figures.add(JmsWorkloads.percentile(part, 0.99) / 1e6);
            }
            if (missing > 0) {
                LOG.warn("{} latency on {}: {} of {} messages had not arrived 3 s after the last window; counted"
                        + " with the time they had waited", system, name, missing, expected);
            }
            return figures;
        } finally {
            closeAll(connections);
        }
    }

    /** What a listener does with a message; {@code index} tells the listeners apart. */
    @FunctionalInterface
    private interface Receipt {
        void received(jakarta.jms.Message message, int index) throws JMSException;
    }

    private void listen(List<Connection> connections, Kind kind, List<String> names, int listeners,
                        IntConsumer counter) throws JMSException {
        listen(connections, kind, names, listeners, (message, index) -> counter.accept(index));
    }

    /** Starts {@code listeners} listener sessions, listener i on {@code names[i % size]}. */
    private void listen(List<Connection> connections, Kind kind, List<String> names, int listeners,
                        Receipt receipt) throws JMSException {
        Connection connection = null;
        for (int i = 0; i < listeners; i++) {
            if (i % SESSIONS_PER_CONNECTION == 0) {
                connection = open(connections);
            }
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            String name = names.get(i % names.size());
            MessageConsumer consumer = kind == Kind.QUEUE
                    ? session.createConsumer(session.createQueue(name))
                    : session.createSharedDurableConsumer(session.createTopic(name), "scale");
            int index = i;
            consumer.setMessageListener(message -> {
                try {
                    receipt.received(message, index);
                } catch (JMSException e) {
                    throw new IllegalStateException("A bench message without its properties", e);
                }
            });
            if (i % SESSIONS_PER_CONNECTION == SESSIONS_PER_CONNECTION - 1 || i == listeners - 1) {
                connection.start();
            }
        }
    }

    /** Jain's fairness index of what each consumer received: 1 when all got the same, 1/n when one got all. */
    static double jain(long[] counts) {
        double sum = 0;
        double squares = 0;
        for (long count : counts) {
            sum += count;
            squares += (double) count * count;
        }
        return squares == 0 ? 1 : sum * sum / (counts.length * squares);
    }

    private static long[] snapshot(AtomicLongArray counts) {
        long[] copy = new long[counts.length()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = counts.get(i);
        }
        return copy;
    }

    private static Destination destination(Session session, Kind kind, String name) throws JMSException {
        return kind == Kind.QUEUE ? session.createQueue(name) : session.createTopic(name);
    }

    private static BytesMessage message(Session session, byte[] body) throws JMSException {
        BytesMessage message = session.createBytesMessage();
        message.writeBytes(body);
        return message;
    }

    private Connection open(List<Connection> connections) throws JMSException {
        Connection connection = factory.createConnection();
        connections.add(connection);
        return connection;
    }

    void closeAll(List<Connection> connections) {
        for (Connection connection : connections) {
            try {
                connection.close();
            } catch (JMSException | RuntimeException e) {
                LOG.warn("{}: closing a connection after the trial failed", system, e);
            }
        }
    }
}
