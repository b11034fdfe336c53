package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.db.Database;
import dev.sluice.db.DatabaseConfig;
import dev.sluice.db.log.Destination;
import dev.sluice.db.log.DestinationKind;
import dev.sluice.db.log.DestinationStore;
import dev.sluice.db.log.LogStore;
import dev.sluice.db.log.MessageRecord;
import dev.sluice.db.maintenance.ByteCounter;
import dev.sluice.db.maintenance.MessageVacuum;
import dev.sluice.db.maintenance.RetentionEnforcer;
import dev.sluice.db.maintenance.RetentionSettings;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Retention by size over many cycles of appends: the batched deletes plus a plain VACUUM after each cycle let
 * PostgreSQL reuse the space, so the message table (with its indexes and TOAST) stops growing once it holds two
 * cycles' worth, instead of growing with everything ever appended.
 */
@ExtendWith(PostgresExtension.class)
class RetentionBloatTest {

    private static final int CYCLES = 6;
    private static final int PER_CYCLE = 40_000;
    private static final int BATCH = 5_000;
    private static final int BODY_BYTES = 200;

    @Test
    void repeatedRetentionCyclesKeepTheRelationSizeBounded(TestDatabase db) {
        try (Database database = Database.open(DatabaseConfig.builder().jdbcUrl(db.jdbcUrl()).user(db.user())
                .password(db.password()).poolSize(4).build())) {
            Destination queue = new DestinationStore(database.jdbi()).create(DestinationKind.QUEUE, "bloat", 1);
            new RetentionSettings(database.jdbi()).set(queue, null, (long) PER_CYCLE * BODY_BYTES);
            LogStore log = new LogStore(database.jdbi());
            ByteCounter counter = new ByteCounter(database.jdbi());
            RetentionEnforcer retention = new RetentionEnforcer(database.jdbi());
            MessageVacuum vacuum = new MessageVacuum(database.jdbi());

            List<Long> sizes = new ArrayList<>();
            for (int cycle = 0; cycle < CYCLES; cycle++) {
                for (int batch = 0; batch < PER_CYCLE / BATCH; batch++) {
                    log.append(queue.id(), 0, records(cycle * PER_CYCLE + batch * BATCH));
                }
                counter.count();
                RetentionEnforcer.Removed removed = retention.enforce();
                assertThat(removed.messages()).as("removed in cycle " + cycle).isEqualTo(cycle == 0 ? 0 : PER_CYCLE);
                vacuum.vacuum();
                sizes.add(database.jdbi().withHandle(handle -> handle.select(
                        "select pg_total_relation_size('sluice.message')").mapTo(Long.class).one()));
            }
            System.out.println("sluice.message total relation size after each of " + CYCLES + " cycles of "
                    + PER_CYCLE + " messages: " + sizes);

            long kept = database.jdbi().withHandle(handle -> handle.select(
                    "select count(*) from sluice.message where destination_id = ?", queue.id())
                    .mapTo(Long.class).one());
            assertThat(kept).isEqualTo(PER_CYCLE);
            long settled = sizes.get(2);
            assertThat(sizes.subList(3, CYCLES)).as("sizes after each cycle: " + sizes)
                    .allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(settled + settled / 4));
        }
    }

    private static List<MessageRecord> records(int firstNumber) {
        List<MessageRecord> records = new ArrayList<>(BATCH);
        long now = System.currentTimeMillis();
        byte[] body = new byte[BODY_BYTES];
        Arrays.fill(body, (byte) 'x');
        for (int i = 0; i < BATCH; i++) {
            records.add(new MessageRecord("ID:bloat-" + (firstNumber + i), null, null, null, 4, true, now, 0, 0, null,
                    "bloat-test", "{\"n\": " + (firstNumber + i) + "}", null, 2, body));
        }
        return records;
    }
}
