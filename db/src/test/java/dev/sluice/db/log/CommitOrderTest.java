package dev.sluice.db.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.db.Database;
import dev.sluice.db.DatabaseConfig;
import dev.sluice.testing.Await;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The log's central promise: offsets become visible in offset order, so a reader asking for "offset &gt; last
 * seen" never skips a row that commits late. Half the writers append directly; the other half write pending
 * messages in transactions of their own (as an application's transaction joined by Sluice does) that are published
 * after they commit, and some of those transactions stay open while the others go on.
 */
@ExtendWith(PostgresExtension.class)
class CommitOrderTest {

    private static final int WRITERS = 8;
    private static final int TRANSACTIONS_PER_WRITER = 40;

    @Test
    void tailingReaderSeesEveryOffsetOnceInOrderWhileWritersCommitLate(TestDatabase db) throws Exception {
        try (Database database = Database.open(DatabaseConfig.builder().jdbcUrl(db.jdbcUrl()).user(db.user())
                .password(db.password()).poolSize(WRITERS + 2).build())) {
            Destination queue = new DestinationStore(database.jdbi()).create(DestinationKind.QUEUE, "ordered", 1);
            LogStore log = new LogStore(database.jdbi());
            PendingStore pending = new PendingStore(database.jdbi());
            AtomicLong readerPolls = new AtomicLong();
            AtomicInteger appended = new AtomicInteger();
            AtomicInteger writersDone = new AtomicInteger();

            ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    // Each writer keeps its own connection (Handle) for all its transactions.
                    try (Handle handle = database.jdbi().open()) {
                        for (int t = 0; t < TRANSACTIONS_PER_WRITER; t++) {
                            int size = 1 + ThreadLocalRandom.current().nextInt(3);
                            boolean delayed = (writer + t) % 7 == 0;
                            List<MessageRecord> batch = new ArrayList<>();
                            for (int i = 0; i < size; i++) {
                                batch.add(TestMessages.text("w" + writer + "-t" + t + "-" + i));
                            }
                            boolean joined = writer % 2 == 1;
                            handle.useTransaction(tx -> {
                                if (joined) {
                                    PendingStore.write(tx.getConnection(), queue.id(), 0, batch, true);
                                } else {
                                    log.append(tx, queue.id(), 0, batch);
                                }
                                if (delayed) {
                                    // Hold the appended rows uncommitted while the reader polls twice more.
                                    long target = readerPolls.get() + 2;
                                    Await.until(() -> readerPolls.get() >= target, Duration.ofSeconds(20),
                                            () -> "reader polls " + readerPolls.get() + " < " + target);
                                }
                            });
                            if (joined) {
                                pending.publish(queue.id(), 0);
                            }
                            appended.addAndGet(size);
                        }
                    } finally {
                        writersDone.incrementAndGet();
                    }
                    return null;
                }));
            }

            Future<List<Long>> reader = pool.submit(() -> {
                List<Long> seen = new ArrayList<>();
                long last = -1;
                long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                try (Handle handle = database.jdbi().open()) {
                    while (writersDone.get() < WRITERS || seen.size() < appended.get()) {
                        if (System.nanoTime() > deadline) {
                            throw new AssertionError("Reader saw " + seen.size() + " of " + appended.get());
                        }
                        for (StoredMessage message : log.read(handle, queue.id(), 0, last + 1, 500)) {
                            if (message.offset() != last + 1) {
                                throw new AssertionError("Expected offset " + (last + 1) + " but read "
                                        + message.offset());
                            }
                            last = message.offset();
                            seen.add(last);
                        }
                        readerPolls.incrementAndGet();
                    }
                }
                return seen;
            });

            for (Future<?> writer : writers) {
                writer.get();
            }
            List<Long> seen = reader.get();
            pool.shutdown();

            // Each writer's messages are in the log in the order it sent them, joined or not.
            List<String> bodies = log.read(queue.id(), 0, 0, 10_000).stream().map(TestMessages::body).toList();
            for (int w = 0; w < WRITERS; w++) {
                String prefix = "w" + w + "-";
                List<String> own = bodies.stream().filter(body -> body.startsWith(prefix)).toList();
                List<String> sorted = new ArrayList<>(own);
                sorted.sort(java.util.Comparator.comparingInt((String body) -> Integer.parseInt(
                        body.substring(body.indexOf("-t") + 2, body.lastIndexOf('-'))))
                        .thenComparingInt(body -> Integer.parseInt(body.substring(body.lastIndexOf('-') + 1))));
                assertEquals(sorted, own, "writer " + w + "'s messages keep its order");
            }

            int total = appended.get();
            assertEquals(total, seen.size(), "every appended message was read exactly once");
            for (int i = 0; i < total; i++) {
                assertEquals(i, seen.get(i), "offsets are gap-free and in order");
            }
            assertEquals(total, log.nextOffset(queue.id(), 0));
        }
    }
}
