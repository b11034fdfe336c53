package dev.sluice.db.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.db.Database;
import dev.sluice.db.DatabaseConfig;
import dev.sluice.db.log.Destination;
import dev.sluice.db.log.DestinationKind;
import dev.sluice.db.log.DestinationStore;
import dev.sluice.db.log.LogStore;
import dev.sluice.db.log.MessageRecord;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class RetentionEnforcerTest {

    private static Database database;

    @BeforeAll
    static void open(TestDatabase db) {
        database = Database.open(DatabaseConfig.builder().jdbcUrl(db.jdbcUrl()).user(db.user())
                .password(db.password()).build());
    }

    @AfterAll
    static void close() {
        database.close();
    }

    private static MessageRecord record(String body, long sentAt) {
        return new MessageRecord("ID:" + body, null, null, null, 4, true, sentAt, 0, 0, null, "test", null, null, 1,
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static long statistic(String column, Destination destination) {
        return database.jdbi().withHandle(handle -> handle.select("select " + column
                + " from sluice.partition_statistics where destination_id = ?", destination.id())
                .mapTo(Long.class).one());
    }

    /** Retention that runs before the byte counter ever saw the partition (a maintenance run in between) counts. */
    @Test
    void retentionOfAPartitionTheByteCounterNeverSawIsCounted() {
        Destination queue = new DestinationStore(database.jdbi()).create(DestinationKind.QUEUE, "uncounted", 1);
        long now = System.currentTimeMillis();
        List<MessageRecord> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            records.add(record("old " + i, now - Duration.ofHours(2).toMillis()));
        }
        records.add(record("new", now));
        new LogStore(database.jdbi()).append(queue.id(), 0, records);
        new RetentionSettings(database.jdbi()).set(queue, Duration.ofHours(1).toMillis(), null);

        RetentionEnforcer.Removed removed = new RetentionEnforcer(database.jdbi()).enforce();

        assertThat(removed.messages()).isEqualTo(5);
        assertThat(statistic("messages_retention", queue)).isEqualTo(5);
        assertThat(statistic("bytes_removed", queue)).as("bytes the counter never counted are not subtracted")
                .isZero();
    }
}
