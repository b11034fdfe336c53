package dev.sluice.bench;

import dev.sluice.jms.SluiceTransactions;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sluice only: what a send joined to the application's JDBC transaction ({@link SluiceTransactions#join}) costs
 * against an ordinary one. Two trials at the same fixed offered rate, each on a queue of its own:
 * <ul>
 *   <li>ordinary: a transacted session sends one message and commits;</li>
 *   <li>joined: a JDBC insert of one row into {@code public.bench_joined_order}, a send on a joined context on the
 *   same connection, then {@code connection.commit()}.</li>
 * </ul>
 * Transaction {@code i} is due at {@code start + i / rate}; a pool of senders (each with its own connection) runs
 * each when due. Each trial reports the time of the operation (from its start to the return of the commit) and the
 * end-to-end latency (from the due time to the receive by one of the consumers on connections of their own: for a
 * joined send this includes its publication from the pending area), p50 and p99. Messages missing after the grace
 * period count with the time they had waited by then, as in {@link JmsWorkloads#latency}. Used by the benchmark's
 * main thread; the trial's worker threads are confined to their own sessions and JDBC connections.
 */
final class JoinedWorkloads {

    private static final Logger LOG = LoggerFactory.getLogger(JoinedWorkloads.class);

    /** Transactions per second offered, in each trial. */
    static final int RATE = 200;
    static final int SENDERS = 4;
    private static final int CONSUMERS = 4;
    private static final long RECEIVE_POLL_MS = 100;
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);
    private static final String DUE = "benchDueNanos";
    private static final String SLOT = "benchSlot";
    static final String TABLE = "public.bench_joined_order";

    private final SluiceTarget target;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String runId;
    private final Duration grace;
    private final byte[] body = new byte[JmsWorkloads.BODY_BYTES];

    /**
     * @param jdbcUrl the database of {@code target}, where the joined trial's application table lives
     * @param grace   how long a trial waits for its last messages after the window
     */
    JoinedWorkloads(SluiceTarget target, String jdbcUrl, String user, String password, String runId,
                    Duration grace) {
        this.target = target;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.runId = runId;
        this.grace = grace;
        new Random(42).nextBytes(body);
    }

    /** Runs the two trials when the options ask for the {@code joined} rows. */
    void runAll(Results results, BenchOptions options) throws SQLException {
        if (!options.workloads().contains(Workload.JOINED_ORDINARY_OPERATION_P50)) {
            return;
        }
        try (java.sql.Connection connection = jdbc(); Statement statement = connection.createStatement()) {
            statement.execute("create table if not exists " + TABLE + " (id bigint generated always as identity"
                    + " primary key, slot integer not null, item text not null)");
        }
        Measurement.measure(results, Column.SLUICE, List.of(Workload.JOINED_ORDINARY_OPERATION_P50,
                        Workload.JOINED_ORDINARY_OPERATION_P99, Workload.JOINED_ORDINARY_LATENCY_P50,
                        Workload.JOINED_ORDINARY_LATENCY_P99), options,
                (tag, length) -> trial(tag, length, false));
        Measurement.measure(results, Column.SLUICE, List.of(Workload.JOINED_OPERATION_P50,
                        Workload.JOINED_OPERATION_P99, Workload.JOINED_LATENCY_P50, Workload.JOINED_LATENCY_P99),
                options, (tag, length) -> trial(tag, length, true));
    }

    private java.sql.Connection jdbc() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }

    /** One sender's work for one slot: the operation whose time is measured. */
    @FunctionalInterface
    private interface Operation {
        void run(long due, int slot) throws Exception;
    }

    Map<Workload, Double> trial(String tag, Duration length, boolean joined) throws Exception {
        String queueName = "bench." + runId + (joined ? ".joined." : ".ordinary.") + tag;
        int expected = (int) Math.max(1, length.toMillis() * RATE / 1000);
        long period = TimeUnit.SECONDS.toNanos(1) / RATE;
        long[] operations = new long[expected];
        long[] latencies = new long[expected];
        Arrays.fill(operations, -1);
        Arrays.fill(latencies, -1);
        AtomicInteger received = new AtomicInteger();
        AtomicLong nextSlot = new AtomicLong();
        List<AutoCloseable> resources = new ArrayList<>();
        Crew crew = new Crew("sluice " + (joined ? "joined" : "ordinary") + " send");
        long[] start = new long[1];
        try {
            for (int c = 0; c < CONSUMERS; c++) {
                Connection connection = target.connectionFactory().createConnection();
                resources.add(connection);
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = session.createConsumer(session.createQueue(queueName));
                connection.start();
                crew.add("consumer-" + c, () -> {
                    while (crew.running()) {
                        Message message = consumer.receive(RECEIVE_POLL_MS);
                        if (message != null) {
                            latencies[message.getIntProperty(SLOT)] = System.nanoTime()
                                    - message.getLongProperty(DUE);
                            received.incrementAndGet();
                        }
                    }
                });
            }
            for (int s = 0; s < SENDERS; s++) {
                Operation operation = joined ? joinedSender(queueName, resources) : ordinarySender(queueName,
                        resources);
                crew.add("sender-" + s, () -> {
                    long slot;
                    while (crew.running() && (slot = nextSlot.getAndIncrement()) < expected) {
                        long due = start[0] + slot * period;
                        long wait;
                        while ((wait = due - System.nanoTime()) > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        long began = System.nanoTime();
                        operation.run(due, (int) slot);
                        operations[(int) slot] = System.nanoTime() - began;
                    }
                });
            }
            start[0] = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
            crew.start();
            crew.awaitDeadline(start[0] + length.toNanos());
            long giveUp = System.nanoTime() + grace.toNanos();
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
                LOG.warn("sluice {} send {}: {} of {} messages had not arrived {} after the window; counted with"
                        + " the time they had waited", joined ? "joined" : "ordinary", tag, missing, expected, grace);
            }
            long[] done = Arrays.stream(operations).filter(nanos -> nanos >= 0).sorted().toArray();
            if (done.length == 0) {
                throw new IllegalStateException("No " + (joined ? "joined" : "ordinary") + " transaction completed"
                        + " in trial " + tag);
            }
            Arrays.sort(latencies);
            if (joined) {
                return Map.of(Workload.JOINED_OPERATION_P50, millis(JmsWorkloads.percentile(done, 0.50)),
                        Workload.JOINED_OPERATION_P99, millis(JmsWorkloads.percentile(done, 0.99)),
                        Workload.JOINED_LATENCY_P50, millis(JmsWorkloads.percentile(latencies, 0.50)),
                        Workload.JOINED_LATENCY_P99, millis(JmsWorkloads.percentile(latencies, 0.99)));
            }
            return Map.of(Workload.JOINED_ORDINARY_OPERATION_P50, millis(JmsWorkloads.percentile(done, 0.50)),
                    Workload.JOINED_ORDINARY_OPERATION_P99, millis(JmsWorkloads.percentile(done, 0.99)),
                    Workload.JOINED_ORDINARY_LATENCY_P50, millis(JmsWorkloads.percentile(latencies, 0.50)),
                    Workload.JOINED_ORDINARY_LATENCY_P99, millis(JmsWorkloads.percentile(latencies, 0.99)));
        } finally {
            closeAll(resources);
        }
    }

    /** A transacted session: send one message, commit. */
    private Operation ordinarySender(String queueName, List<AutoCloseable> resources) throws JMSException {
        Connection connection = target.connectionFactory().createConnection();
        resources.add(connection);
        Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
        MessageProducer producer = session.createProducer(session.createQueue(queueName));
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        return (due, slot) -> {
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(body);
            message.setLongProperty(DUE, due);
            message.setIntProperty(SLOT, slot);
            producer.send(message);
            session.commit();
        };
    }

    /** The application's JDBC connection and a context joined to it: insert a row, send, commit the connection. */
    private Operation joinedSender(String queueName, List<AutoCloseable> resources) throws SQLException {
        java.sql.Connection application = jdbc();
        resources.add(() -> {
            if (!application.getAutoCommit()) {
                application.rollback(); // a transaction the stop interrupted
            }
            application.close();
        });
        application.setAutoCommit(false);
        JMSContext context = SluiceTransactions.join(target.connectionFactory(), application);
        resources.add(context);
        Queue queue = context.createQueue(queueName);
        JMSProducer producer = context.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT);
        PreparedStatement insert = application.prepareStatement("insert into " + TABLE + " (slot, item)"
                + " values (?, ?)");
        return (due, slot) -> {
            insert.setInt(1, slot);
            insert.setString(2, "order " + slot);
            insert.executeUpdate();
            BytesMessage message = context.createBytesMessage();
            message.writeBytes(body);
            message.setLongProperty(DUE, due);
            message.setIntProperty(SLOT, slot);
            producer.send(queue, message);
            application.commit();
        };
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    /** Closes in reverse order of opening (a joined context before its JDBC connection). */
    private static void closeAll(List<AutoCloseable> resources) {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOG.warn("sluice joined trial: closing {} failed", resources.get(i), e);
            }
        }
    }
}
