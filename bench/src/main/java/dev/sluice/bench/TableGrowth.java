package dev.sluice.bench;

import dev.sluice.jms.SluiceConnectionFactory;
import dev.sluice.schema.SchemaMigration;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a queue's traffic costs the tables: N messages (default 1,000,000, 100-byte bodies) through one 4-partition
 * queue by 4 producers and 4 AUTO_ACKNOWLEDGE consumers, then, per Sluice table, the rows inserted, updated (HOT),
 * deleted, the most dead tuples seen (sampled each second) and the table and index sizes before and after. A program
 * that prints figures, not a test.
 *
 * <pre>mvn -B -q -pl bench exec:exec -Dbench.main=dev.sluice.bench.TableGrowth -Dbench.args="--messages 1000000"</pre>
 */
public final class TableGrowth {

    private static final String STATS = """
            select relname, n_tup_ins, n_tup_upd, n_tup_hot_upd, n_tup_del, n_dead_tup, autovacuum_count,
                   pg_relation_size(relid) as heap, pg_indexes_size(relid) as indexes
              from pg_stat_user_tables where schemaname = 'sluice'
               and relname in ('message', 'delivery', 'subscription_cursor', 'log_partition')
             order by relname""";

    private TableGrowth() {
    }

    public static void main(String[] args) throws Exception {
        int messages = 1_000_000;
        Path workDir = Path.of("target/table-growth");
        for (int i = 0; i < args.length; i++) {
            switch (args[i].replaceFirst("^--", "")) {
                case "messages" -> messages = Integer.parseInt(args[++i]);
                case "work-dir" -> workDir = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("Unknown option " + args[i]
                        + "; known: --messages N, --work-dir DIR");
            }
        }
        Folders.deleteRecursively(workDir);
        try (BenchPostgres postgres = BenchPostgres.start(workDir.resolve("postgres"))) {
            SchemaMigration.migrate(postgres.jdbcUrl(), BenchPostgres.USER, null);
            SluiceConnectionFactory factory = new SluiceConnectionFactory(postgres.jdbcUrl() + "?user="
                    + BenchPostgres.USER);
            try (Connection warmup = factory.createConnection()) {
                warmup.createSession().createConsumer(warmup.createSession().createQueue("growth")).close();
            }
            Map<String, long[]> before = stats(postgres.jdbcUrl());
            Map<String, Long> maxDead = new LinkedHashMap<>();
            long started = System.nanoTime();
            run(factory, messages, postgres.jdbcUrl(), maxDead);
            double seconds = (System.nanoTime() - started) / 1e9;
            Map<String, long[]> after = stats(postgres.jdbcUrl());
            System.out.printf("%,d messages through a 4x4 queue in %.0f s (%,.0f msg/s)%n", messages, seconds,
                    messages / seconds);
            System.out.printf("%-20s %12s %12s %12s %12s %12s %10s %14s %14s%n", "table", "inserted", "updated",
                    "HOT updated", "deleted", "max dead", "autovac", "heap MB", "indexes MB");
            for (Map.Entry<String, long[]> row : after.entrySet()) {
                long[] a = row.getValue();
                long[] b = before.getOrDefault(row.getKey(), new long[a.length]);
                System.out.printf("%-20s %,12d %,12d %,12d %,12d %,12d %10d %6.1f -> %5.1f %6.1f -> %5.1f%n",
                        row.getKey(), a[0] - b[0], a[1] - b[1], a[2] - b[2], a[3] - b[3],
                        maxDead.getOrDefault(row.getKey(), 0L), a[5] - b[5], b[6] / 1e6, a[6] / 1e6, b[7] / 1e6,
                        a[7] / 1e6);
            }
        }
    }

    private static void run(SluiceConnectionFactory factory, int messages, String url, Map<String, Long> maxDead)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(9);
        AtomicLong received = new AtomicLong();
        List<Future<?>> work = new ArrayList<>();
        List<Connection> connections = new ArrayList<>();
        try {
            for (int p = 0; p < 4; p++) {
                Connection connection = factory.createConnection();
                connections.add(connection);
                int share = messages / 4 + (p < messages % 4 ? 1 : 0);
                work.add(pool.submit(() -> {
                    Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                    MessageProducer producer = session.createProducer(session.createQueue("growth"));
                    byte[] body = new byte[100];
                    long sendingSince = System.nanoTime();
                    for (int i = 0; i < share; i++) {
                        BytesMessage message = session.createBytesMessage();
                        message.writeBytes(body);
                        producer.send(message);
                    }
                    System.out.printf("a producer sent %,d in %.1f s%n", share,
                            (System.nanoTime() - sendingSince) / 1e9);
                    return null;
                }));
            }
            for (int c = 0; c < 4; c++) {
                Connection connection = factory.createConnection();
                connections.add(connection);
                connection.start();
                work.add(pool.submit(() -> {
                    Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                    Queue queue = session.createQueue("growth");
                    MessageConsumer consumer = session.createConsumer(queue);
                    while (received.get() < messages) {
                        if (consumer.receive(1_000) != null) {
                            received.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            while (received.get() < messages) {
                for (Map.Entry<String, long[]> row : stats(url).entrySet()) {
                    maxDead.merge(row.getKey(), row.getValue()[4], Math::max);
                }
                for (Future<?> done : work) {
                    if (done.isDone()) {
                        done.get();
                    }
                }
                TimeUnit.SECONDS.sleep(1); // the sampling period, not a wait for an event
            }
            for (Future<?> done : work) {
                done.get(60, TimeUnit.SECONDS);
            }
        } finally {
            for (Connection connection : connections) {
                try {
                    connection.close();
                } catch (JMSException e) {
                    System.err.println("closing a connection failed: " + e.getMessage());
                }
            }
            pool.shutdownNow();
        }
    }

    private static Map<String, long[]> stats(String url) throws SQLException {
        Map<String, long[]> rows = new LinkedHashMap<>();
        try (java.sql.Connection connection = DriverManager.getConnection(url, BenchPostgres.USER, null);
             Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery(STATS)) {
                while (rs.next()) {
                    long[] values = new long[8];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = rs.getLong(i + 2);
                    }
                    rows.put(rs.getString(1), values);
                }
            }
        }
        return rows;
    }
}
