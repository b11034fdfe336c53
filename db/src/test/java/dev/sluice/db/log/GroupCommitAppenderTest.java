package dev.sluice.db.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.db.Database;
import dev.sluice.db.DatabaseConfig;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class GroupCommitAppenderTest {

    @Test
    void concurrentAppendsShareTransactionsAndGetDistinctGapFreeOffsets(TestDatabase db) throws Exception {
        int threads = 8;
        int perThread = 250;
        try (Database database = Database.open(DatabaseConfig.builder().jdbcUrl(db.jdbcUrl()).user(db.user())
                .password(db.password()).build());
             GroupCommitAppender appender = new GroupCommitAppender(database.jdbi(),
                     new LogStore(database.jdbi()), GroupCommitAppender.DEFAULT_MAX_BATCH)) {
            Destination queue = new DestinationStore(database.jdbi()).create(DestinationKind.QUEUE, "merged", 1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<List<Long>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    List<Long> offsets = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        // Each thread waits for its send as a JMS producer would; the threads together batch.
                        offsets.add(appender.append(queue.id(), 0, TestMessages.text(thread + "-" + i)).get());
                    }
                    return offsets;
                }));
            }
            Set<Long> all = new HashSet<>();
            for (Future<List<Long>> result : results) {
                List<Long> offsets = result.get();
                assertThat(offsets).isSorted();
                all.addAll(offsets);
            }
            pool.shutdown();

            assertEquals(threads * perThread, all.size(), "no offset handed out twice");
            assertEquals(threads * perThread - 1, all.stream().mapToLong(Long::longValue).max().orElseThrow());
            assertThat(appender.batchesWritten())
                    .as("transactions written for %d messages", threads * perThread)
                    .isLessThan(threads * perThread);
            List<StoredMessage> stored = new LogStore(database.jdbi()).read(queue.id(), 0, 0, 5000);
            assertEquals(threads * perThread, stored.size());
        }
    }

    @Test
    void aRecordTheDatabaseRefusesFailsAloneAndTheRestOfItsBatchIsWritten(TestDatabase db) throws Exception {
        try (Database database = Database.open(DatabaseConfig.builder().jdbcUrl(db.jdbcUrl()).user(db.user())
                .password(db.password()).build());
             GroupCommitAppender appender = new GroupCommitAppender(database.jdbi(),
                     new LogStore(database.jdbi()), GroupCommitAppender.DEFAULT_MAX_BATCH)) {
            Destination queue = new DestinationStore(database.jdbi()).create(DestinationKind.QUEUE, "isolated", 1);
            MessageRecord good = TestMessages.text("good");
            // PostgreSQL text cannot hold U+0000: the whole statement of the batch holding it fails
            MessageRecord refused = new MessageRecord("ID:refused", null, "bad\u0000type", null, 4, true,
                    System.currentTimeMillis(), 0, 0, null, null, null, null, 1, new byte[0]);
            List<CompletableFuture<Long>> goods = new ArrayList<>();
            CompletableFuture<Long> offender;
            try (java.sql.Connection blocker = database.dataSource().getConnection()) {
                // the partition's append lock held here: the first append waits, the others queue behind it and
                // go in one batch, the refused record among them
                blocker.setAutoCommit(false);
                blocker.createStatement().execute("select 1 from sluice.log_partition where destination_id = "
                        + queue.id() + " for update");
                goods.add(appender.append(queue.id(), 0, good));
                for (int i = 1; i < 300; i++) {
                    goods.add(appender.append(queue.id(), 0, good));
                }
                offender = appender.append(queue.id(), 0, refused);
                goods.add(appender.append(queue.id(), 0, good));
                blocker.commit();
            }
            assertThat(org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
                    offender::get).getCause()).hasMessageContaining("0x00");
            List<Long> offsets = new ArrayList<>();
            for (CompletableFuture<Long> appended : goods) {
                offsets.add(appended.get());
            }
            assertThat(offsets).as("every good record written, in order").isSorted().doesNotHaveDuplicates()
                    .hasSize(301);
            assertEquals(301, new LogStore(database.jdbi()).read(queue.id(), 0, 0, 5000).size());
        }
    }

    @Test
    void nonPersistentBatchIsVisibleAtOnce(TestDatabase db) throws Exception {
        try (Database database = Database.open(DatabaseConfig.builder().jdbcUrl(db.jdbcUrl()).user(db.user())
                .password(db.password()).build());
             GroupCommitAppender appender = new GroupCommitAppender(database.jdbi(),
                     new LogStore(database.jdbi()), 10)) {
            Destination topic = new DestinationStore(database.jdbi()).create(DestinationKind.TOPIC, "fast", 1);
            MessageRecord persistent = TestMessages.text("p");
            MessageRecord volatileRecord = new MessageRecord("ID:np", null, null, null, 4, false,
                    persistent.sentAt(), 0, 0, null, null, null, null, 1, new byte[] {1});
            // The two durabilities have lanes of their own, which may commit in either order (JMS orders messages
            // only within a delivery mode, section 6.2.9.2), so the persistent one is sent after the other committed.
            long first = appender.append(topic.id(), 0, volatileRecord).get();
            assertThat(new LogStore(database.jdbi()).read(topic.id(), 0, 0, 10)).as("visible once committed")
                    .hasSize(1);
            long second = appender.append(topic.id(), 0, persistent).get();
            assertEquals(1, second - first);
            assertThat(new LogStore(database.jdbi()).read(topic.id(), 0, 0, 10))
                    .extracting(message -> message.record().persistent()).containsExactly(false, true);
        }
    }

    @Test
    void appendsAfterCloseFailTheirFutureInsteadOfThrowing(TestDatabase db) {
        try (Database database = Database.open(DatabaseConfig.builder().jdbcUrl(db.jdbcUrl()).user(db.user())
                .password(db.password()).build())) {
            Destination queue = new DestinationStore(database.jdbi()).create(DestinationKind.QUEUE, "closed", 1);
            GroupCommitAppender appender = new GroupCommitAppender(database.jdbi(), new LogStore(database.jdbi()),
                    GroupCommitAppender.DEFAULT_MAX_BATCH);
            appender.close();
            for (boolean persistent : new boolean[] {true, false}) {
                MessageRecord record = new MessageRecord("ID:late", null, null, null, 4, persistent,
                        System.currentTimeMillis(), 0, 0, null, "p", null, null, 1, new byte[1]);
                CompletableFuture<Long> late = appender.append(queue.id(), 0, record);
                assertThat(late).isCompletedExceptionally();
                assertThat(late.handle((offset, error) -> error.getMessage()).join()).contains("closed");
            }
        }
    }
}
