package dev.sluice.bench;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.XAConnection;
import jakarta.jms.XASession;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JMS workloads, written once against {@code jakarta.jms} so every system runs the same code. Each trial
 * opens its own connections (one per thread, as applications do), sends 1 KiB BytesMessages to destinations
 * named for the trial, counts only what completes inside the measured window, then closes everything and lets
 * the target discard the destinations. Setup and teardown are not timed. Used by the benchmark's main thread;
 * each trial's worker threads are confined to their own sessions.
 */
final class JmsWorkloads {

    private static final Logger LOG = LoggerFactory.getLogger(JmsWorkloads.class);

    static final int BODY_BYTES = 1024;
    /** The offered rate of the latency workload. */
    static final int LATENCY_RATE = 1_000;
    private static final int LATENCY_SENDERS = 8;
    private static final int CONSUMERS = 4;
    private static final int PRODUCERS = 4;
    private static final int TRANSACTION_SIZE = 100;
    private static final int SUBSCRIBERS = 4;
    private static final long RECEIVE_POLL_MS = 100;
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);
    private static final String DUE = "benchDueNanos";
    private static final String SLOT = "benchSlot";

    private final JmsTarget target;
    private final String runId;
    private final Duration latencyGrace;
    private final byte[] body = new byte[BODY_BYTES];

    /**
     * @param runId        makes destination names unique across runs on one database
     * @param latencyGrace how long the latency workload waits for its last messages after the window
     */
    JmsWorkloads(JmsTarget target, String runId, Duration latencyGrace) {
        this.target = target;
        this.runId = runId;
        this.latencyGrace = latencyGrace;
        new Random(42).nextBytes(body);
    }

    /** Runs the chosen JMS workloads on this target, in table order. */
    void runAll(Results results, BenchOptions options) {
        Column column = target.column();
        for (Workload workload : BenchOptions.jmsWorkloads(options.workloads())) {
            switch (workload) {
                case SEND_1 -> Measurement.measure(results, column, List.of(workload), options,
                        (tag, length) -> Map.of(workload, send(tag, length, 1, DeliveryMode.PERSISTENT, "send-1")));
                case SEND_8 -> Measurement.measure(results, column, List.of(workload), options,
                        (tag, length) -> Map.of(workload, send(tag, length, 8, DeliveryMode.PERSISTENT, "send-8")));
                case END_TO_END_AUTO -> Measurement.measure(results, column, List.of(workload), options,
                        (tag, length) -> Map.of(workload, endToEnd(tag, length, false)));
                case END_TO_END_TRANSACTED -> Measurement.measure(results, column, List.of(workload), options,
                        (tag, length) -> Map.of(workload, endToEnd(tag, length, true)));
                case LATENCY_P50 -> Measurement.measure(results, column,
                        List.of(Workload.LATENCY_P50, Workload.LATENCY_P99, Workload.LATENCY_P999), options,
                        this::latency);
                case LATENCY_P99, LATENCY_P999 -> {
                    // filled by the p50 run
                }
                case TOPIC_FAN_OUT -> Measurement.measure(results, column, List.of(workload), options,
                        (tag, length) -> Map.of(workload, topicFanOut(tag, length)));
                case NON_PERSISTENT_8 -> Measurement.measure(results, column, List.of(workload), options,
                        (tag, length) -> Map.of(workload,
                                send(tag, length, 8, DeliveryMode.NON_PERSISTENT, "nonpersistent-8")));
                case REQUEST_REPLY -> Measurement.measure(results, column, List.of(workload), options,
                        (tag, length) -> Map.of(workload, requestReply(tag, length)));
                case XA_SEND_4 -> Measurement.measure(results, column, List.of(workload), options,
                        (tag, length) -> Map.of(workload, xaSend(tag, length)));
                default -> throw new IllegalStateException(workload + " is not a JMS workload");
            }
        }
    }

    private String name(String workload, String tag) {
        return "bench." + runId + "." + workload + "." + tag;
    }

    private BytesMessage message(Session session) throws JMSException {
        BytesMessage message = session.createBytesMessage();
        message.writeBytes(body);
        return message;
    }

    /** Queue send throughput: {@code producers} threads send as fast as each send returns. */
    double send(String tag, Duration length, int producers, int deliveryMode, String workload) throws Exception {
        String queueName = name(workload, tag);
        List<Connection> connections = new ArrayList<>();
        Crew crew = new Crew(target.column().id + " " + workload);
        LongAdder sent = new LongAdder();
        long[] window = new long[2];
        try {
            for (int p = 0; p < producers; p++) {
                Connection connection = open(connections, null);
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer producer = session.createProducer(session.createQueue(queueName));
                producer.setDeliveryMode(deliveryMode);
                crew.add("producer-" + p, () -> {
                    while (crew.running()) {
                        producer.send(message(session));
                        if (System.nanoTime() < window[1]) {
                            sent.increment();
                        } else {
                            return;
                        }
                    }
                });
            }
            window[0] = System.nanoTime();
            window[1] = window[0] + length.toNanos();
            crew.start();
            crew.awaitDeadline(window[1]);
            crew.stop(STOP_GRACE);
            return Measurement.rate(sent.sum(), length);
        } finally {
            closeAll(connections);
            target.discard(List.of(queueName), List.of());
        }
    }

    /**
     * Producers and consumers together on one queue; the figure is what the consumers received (and, when
     * transacted, committed) inside the window.
     */
    double endToEnd(String tag, Duration length, boolean transacted) throws Exception {
        String queueName = name(transacted ? "e2e-tx100" : "e2e-auto", tag);
        List<Connection> connections = new ArrayList<>();
        Crew crew = new Crew(target.column().id + " end-to-end");
        LongAdder received = new LongAdder();
        long[] window = new long[2];
        int mode = transacted ? Session.SESSION_TRANSACTED : Session.AUTO_ACKNOWLEDGE;
        try {
            for (int c = 0; c < CONSUMERS; c++) {
                Connection connection = open(connections, null);
                Session session = connection.createSession(transacted, mode);
                MessageConsumer consumer = session.createConsumer(session.createQueue(queueName));
                connection.start();
                crew.add("consumer-" + c, () -> {
                    int pending = 0;
                    while (crew.running()) {
                        Message message = consumer.receive(RECEIVE_POLL_MS);
                        if (message != null) {
                            pending++;
                        }
                        if (transacted && (pending == TRANSACTION_SIZE || (message == null && pending > 0))) {
                            session.commit();
                        } else if (transacted) {
                            continue;
                        }
                        if (System.nanoTime() < window[1]) {
                            received.add(pending);
                        }
                        pending = 0;
                    }
                });
            }
            for (int p = 0; p < PRODUCERS; p++) {
                Connection connection = open(connections, null);
                Session session = connection.createSession(transacted, mode);
                MessageProducer producer = session.createProducer(session.createQueue(queueName));
                producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                crew.add("producer-" + p, () -> {
                    int pending = 0;
                    while (crew.running() && System.nanoTime() < window[1]) {
                        producer.send(message(session));
                        if (transacted && ++pending == TRANSACTION_SIZE) {
                            session.commit();
                            pending = 0;
                        }
                    }
                    if (transacted) {
                        session.rollback();
                    }
                });
            }
            window[0] = System.nanoTime();
            window[1] = window[0] + length.toNanos();
            crew.start();
            crew.awaitDeadline(window[1]);
            crew.stop(STOP_GRACE);
            return Measurement.rate(received.sum(), length);
        } finally {
            closeAll(connections);
            target.discard(List.of(queueName), List.of());
        }
    }

    /**
     * Send-to-receive latency at a fixed offered rate. Message i is due at {@code start + i / rate}; a pool of
     * senders sends each when due and stamps the due time, so a system that falls behind is charged for the
     * queueing too (no coordinated omission). Consumers record receive time minus due time. Messages still missing
     * after the grace period count with the time they had waited by then.
     */
    Map<Workload, Double> latency(String tag, Duration length) throws Exception {
        String queueName = name("latency", tag);
        int expected = (int) Math.max(1, length.toMillis() * LATENCY_RATE / 1000);
        long period = TimeUnit.SECONDS.toNanos(1) / LATENCY_RATE;
        long[] latencies = new long[expected];
        Arrays.fill(latencies, -1);
        AtomicInteger received = new AtomicInteger();
        AtomicLong nextSlot = new AtomicLong();
        List<Connection> connections = new ArrayList<>();
        Crew crew = new Crew(target.column().id + " latency");
        long[] start = new long[1];
        try {
            for (int c = 0; c < CONSUMERS; c++) {
                Connection connection = open(connections, null);
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = session.createConsumer(session.createQueue(queueName));
                connection.start();
                crew.add("consumer-" + c, () -> {
                    while (crew.running()) {
                        Message message = consumer.receive(RECEIVE_POLL_MS);
                        if (message != null) {
                            long now = System.nanoTime();
                            int slot = message.getIntProperty(SLOT);
                            latencies[slot] = now - message.getLongProperty(DUE);
                            received.incrementAndGet();
                        }
                    }
                });
            }
            for (int s = 0; s < LATENCY_SENDERS; s++) {
                Connection connection = open(connections, null);
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer producer = session.createProducer(session.createQueue(queueName));
                producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                crew.add("sender-" + s, () -> {
                    long slot;
                    while (crew.running() && (slot = nextSlot.getAndIncrement()) < expected) {
                        long due = start[0] + slot * period;
                        long wait;
                        while ((wait = due - System.nanoTime()) > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        BytesMessage message = message(session);
                        message.setLongProperty(DUE, due);
                        message.setIntProperty(SLOT, (int) slot);
                        producer.send(message);
                    }
                });
            }
            start[0] = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
            crew.start();
            long end = start[0] + length.toNanos();
            crew.awaitDeadline(end);
            long giveUp = System.nanoTime() + latencyGrace.toNanos();
            while (received.get() < expected && System.nanoTime() < giveUp && crew.running()) {
                Thread.sleep(10);
            }
            long cutoff = System.nanoTime();
            crew.stop(STOP_GRACE);
            int missing = 0;
            for (int i = 0; i < expected; i++) {
                if (latencies[i] < 0) {
                    missing++;
                    latencies[i] = cutoff - (start[0] + i * period);
                }
            }
            if (missing > 0) {
                LOG.warn("{} latency {}: {} of {} messages had not arrived {} after the window; counted with the"
                        + " time they had waited", target.column().id, tag, missing, expected, latencyGrace);
            }
            Arrays.sort(latencies);
            return Map.of(Workload.LATENCY_P50, millis(percentile(latencies, 0.50)),
                    Workload.LATENCY_P99, millis(percentile(latencies, 0.99)),
                    Workload.LATENCY_P999, millis(percentile(latencies, 0.999)));
        } finally {
            closeAll(connections);
            target.discard(List.of(queueName), List.of());
        }
    }

    static long percentile(long[] sorted, double fraction) {
        int index = (int) Math.ceil(fraction * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    /** One persistent producer, four durable subscribers (own connections and client IDs); delivered msg/s. */
    double topicFanOut(String tag, Duration length) throws Exception {
        String topicName = name("topic-4", tag);
        List<Connection> connections = new ArrayList<>();
        List<Session> subscriberSessions = new ArrayList<>();
        List<MessageConsumer> subscribers = new ArrayList<>();
        Crew crew = new Crew(target.column().id + " topic");
        LongAdder delivered = new LongAdder();
        long[] window = new long[2];
        try {
            for (int s = 0; s < SUBSCRIBERS; s++) {
                Connection connection = open(connections, "bench-" + runId + "-" + tag + "-sub" + s);
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                Topic topic = session.createTopic(topicName);
                MessageConsumer consumer = session.createDurableSubscriber(topic, "fan-out");
                subscriberSessions.add(session);
                subscribers.add(consumer);
                connection.start();
                crew.add("subscriber-" + s, () -> {
                    while (crew.running()) {
                        Message message = consumer.receive(RECEIVE_POLL_MS);
                        if (message != null && System.nanoTime() < window[1]) {
                            delivered.increment();
                        }
                    }
                });
            }
            Connection connection = open(connections, null);
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createTopic(topicName));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            crew.add("producer", () -> {
                while (crew.running() && System.nanoTime() < window[1]) {
                    producer.send(message(session));
                }
            });
            window[0] = System.nanoTime();
            window[1] = window[0] + length.toNanos();
            crew.start();
            crew.awaitDeadline(window[1]);
            crew.stop(STOP_GRACE);
            for (int s = 0; s < subscribers.size(); s++) {
                subscribers.get(s).close();
                subscriberSessions.get(s).unsubscribe("fan-out");
            }
            return Measurement.rate(delivered.sum(), length);
        } finally {
            closeAll(connections);
            target.discard(List.of(), List.of(topicName));
        }
    }

    /**
     * One requester sends a request naming its temporary queue in JMSReplyTo and waits for the reply; one
     * responder answers each request to its JMSReplyTo with the same JMSCorrelationID. Round trips per second.
     */
    double requestReply(String tag, Duration length) throws Exception {
        String queueName = name("request-reply", tag);
        List<Connection> connections = new ArrayList<>();
        Crew crew = new Crew(target.column().id + " request/reply");
        LongAdder roundTrips = new LongAdder();
        long[] window = new long[2];
        try {
            Connection responderConnection = open(connections, null);
            Session responderSession = responderConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer requests = responderSession.createConsumer(responderSession.createQueue(queueName));
            MessageProducer replies = responderSession.createProducer(null);
            responderConnection.start();
            crew.add("responder", () -> {
                while (crew.running()) {
                    Message request = requests.receive(RECEIVE_POLL_MS);
                    if (request != null) {
                        BytesMessage reply = message(responderSession);
                        reply.setJMSCorrelationID(request.getJMSCorrelationID());
                        replies.send(request.getJMSReplyTo(), reply);
                    }
                }
            });
            Connection requesterConnection = open(connections, null);
            Session requesterSession = requesterConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue requestQueue = requesterSession.createQueue(queueName);
            TemporaryQueue replyQueue = requesterSession.createTemporaryQueue();
            MessageProducer requester = requesterSession.createProducer(requestQueue);
            MessageConsumer replyConsumer = requesterSession.createConsumer(replyQueue);
            requesterConnection.start();
            crew.add("requester", () -> {
                long sequence = 0;
                while (crew.running() && System.nanoTime() < window[1]) {
                    BytesMessage request = message(requesterSession);
                    String correlation = Long.toString(++sequence);
                    request.setJMSCorrelationID(correlation);
                    request.setJMSReplyTo(replyQueue);
                    requester.send(request);
                    Message reply = replyConsumer.receive(10_000);
                    if (reply == null) {
                        throw new IllegalStateException("No reply to request " + correlation
                                + " within 10 s on temporary queue " + replyQueue);
                    }
                    if (!correlation.equals(reply.getJMSCorrelationID())) {
                        throw new IllegalStateException("Reply to request " + correlation + " carries correlation"
                                + " ID " + reply.getJMSCorrelationID());
                    }
                    if (System.nanoTime() < window[1]) {
                        roundTrips.increment();
                    }
                }
            });
            window[0] = System.nanoTime();
            window[1] = window[0] + length.toNanos();
            crew.start();
            crew.awaitDeadline(window[1]);
            crew.stop(STOP_GRACE);
            return Measurement.rate(roundTrips.sum(), length);
        } finally {
            closeAll(connections);
            target.discard(List.of(queueName), List.of());
        }
    }

    /**
     * XA send throughput: {@code PRODUCERS} threads each send one persistent message per XA transaction and
     * complete it in two phases (start, send, end, prepare, commit), as a transaction manager does with two
     * resources; the figure is the committed transactions.
     */
    double xaSend(String tag, Duration length) throws Exception {
        String queueName = name("xa-4", tag);
        List<Connection> connections = new ArrayList<>();
        Crew crew = new Crew(target.column().id + " xa-4");
        LongAdder committed = new LongAdder();
        long[] window = new long[2];
        try {
            for (int p = 0; p < PRODUCERS; p++) {
                XAConnection connection = target.xaConnectionFactory().createXAConnection();
                connections.add(connection);
                XASession session = connection.createXASession();
                XAResource resource = session.getXAResource();
                MessageProducer producer = session.createProducer(session.createQueue(queueName));
                producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                int producerNumber = p;
                crew.add("producer-" + p, () -> {
                    long sequence = 0;
                    while (crew.running()) {
                        Xid xid = new BenchXid(tag + "-" + producerNumber + "-" + sequence++);
                        resource.start(xid, XAResource.TMNOFLAGS);
                        producer.send(message(session));
                        resource.end(xid, XAResource.TMSUCCESS);
                        if (resource.prepare(xid) == XAResource.XA_OK) {
                            resource.commit(xid, false);
                        }
                        if (System.nanoTime() < window[1]) {
                            committed.increment();
                        } else {
                            return;
                        }
                    }
                });
            }
            window[0] = System.nanoTime();
            window[1] = window[0] + length.toNanos();
            crew.start();
            crew.awaitDeadline(window[1]);
            crew.stop(STOP_GRACE);
            return Measurement.rate(committed.sum(), length);
        } finally {
            closeAll(connections);
            target.discard(List.of(queueName), List.of());
        }
    }

    /** The benchmark's own Xids, as a transaction manager makes them: one global id per transaction. */
    private record BenchXid(String global) implements Xid {
        @Override
        public int getFormatId() {
            return 0x5b;
        }

        @Override
        public byte[] getGlobalTransactionId() {
            return global.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }

        @Override
        public byte[] getBranchQualifier() {
            return new byte[] {1};
        }
    }

    private Connection open(List<Connection> connections, String clientId) throws JMSException {
        Connection connection = target.connectionFactory().createConnection();
        connections.add(connection);
        if (clientId != null) {
            connection.setClientID(clientId);
        }
        return connection;
    }

    private void closeAll(List<Connection> connections) {
        for (Connection connection : connections) {
            try {
                connection.close();
            } catch (JMSException | RuntimeException e) {
                LOG.warn("{}: closing a connection after the trial failed", target.column().id, e);
            }
        }
    }
}
