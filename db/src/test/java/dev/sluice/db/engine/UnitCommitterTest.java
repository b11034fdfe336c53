package dev.sluice.db.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.db.DatabaseConfig;
import dev.sluice.db.log.Delivery;
import dev.sluice.db.log.Destination;
import dev.sluice.db.log.DestinationKind;
import dev.sluice.db.log.MessageRecord;
import dev.sluice.db.log.Subscription;
import dev.sluice.testing.Await;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Units of work of concurrent contexts commit in one transaction, and a unit that cannot commit fails alone. */
@ExtendWith(PostgresExtension.class)
class UnitCommitterTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static Engine engine;

    @BeforeAll
    static void open(TestDatabase db) {
        engine = Engine.open(DatabaseConfig.builder().jdbcUrl(db.jdbcUrl()).user(db.user()).password(db.password())
                .build(), "committer-test");
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static MessageRecord record(String body) {
        return new MessageRecord("ID:" + body, null, null, null, 4, true, System.currentTimeMillis(), 0, 0, null,
                "producer-1", null, null, 1, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void unitsQueuedWhileAnotherCommitsGoInOneTransactionAndAStaleOneFailsAlone() throws Exception {
        Destination in = engine.destinations().create(DestinationKind.QUEUE, "committer.in", 1);
        Destination out = engine.destinations().create(DestinationKind.QUEUE, "committer.out", 1);
        Subscription inbox = engine.subscriptions().queueSubscription(in);
        for (int i = 0; i < 8; i++) {
            engine.append(in.id(), 0, record("request-" + i)).join();
        }
        List<Held> held = new ArrayList<>();
        try (SubscriptionReader reader = engine.openReader(inbox, 1, ClaimFilter.ALL, 10, 60_000)) {
            Await.until(() -> {
                Delivery next;
                while ((next = reader.poll()) != null) {
                    held.add(reader.held(next.message()));
                }
                return held.size() == 8;
            }, DEADLINE, () -> "claimed " + held.size() + " of 8");
        }
        ExecutorService contexts = Executors.newFixedThreadPool(8);
        try {
            // five units behind a held append lock: the first waits for it, the other four queue and go together
            long before = engine.committer().transactions();
            List<Future<Integer>> grouped = behindTheAppendLock(out, contexts, List.of(
                    unit(List.of(), "alone"),
                    unit(List.of(held.get(0)), "reply-0"), unit(List.of(held.get(1)), "reply-1"),
                    unit(List.of(held.get(2), held.get(3)), "reply-2"), unit(List.of(), "reply-3")));
            for (Future<Integer> result : grouped) {
                assertThat(result.get()).isZero();
            }
            assertThat(engine.committer().transactions() - before).as("transactions for five units").isEqualTo(2);

            // again with a unit acknowledging a record its engine does not hold: it alone writes nothing
            Held notHeld = new Held(inbox.id(), in.id(), 0, 1_000_000);
            List<Future<Integer>> mixed = behindTheAppendLock(out, contexts, List.of(
                    unit(List.of(), "alone-2"),
                    unit(List.of(held.get(4)), "reply-4"), unit(List.of(held.get(5), notHeld), "stale"),
                    unit(List.of(held.get(6)), "reply-6")));
            assertThat(mixed.get(0).get()).isZero();
            assertThat(mixed.get(1).get()).isZero();
            assertThat(mixed.get(2).get()).as("records no longer held").isEqualTo(1);
            assertThat(mixed.get(3).get()).isZero();
        } finally {
            contexts.shutdownNow();
        }
        List<String> written = engine.database().jdbi().withHandle(handle -> handle.select(
                "select convert_from(body, 'UTF8') from sluice.message where destination_id = ? order by 1", out.id())
                .mapTo(String.class).list());
        assertThat(written).containsExactlyInAnyOrder("alone", "reply-0", "reply-1", "reply-2", "reply-3",
                "alone-2", "reply-4", "reply-6");
        List<Long> unacknowledged = engine.database().jdbi().withHandle(handle -> handle.select(
                "select log_offset from sluice.delivery where destination_id = ? order by 1", in.id())
                .mapTo(Long.class).list());
        assertThat(unacknowledged).as("the stale unit's held record and the one never acknowledged")
                .containsExactly(held.get(5).offset(), held.get(7).offset());
    }

    @Test
    void everyUnitOfManyConcurrentContextsIsWrittenExactlyOnce() throws Exception {
        Destination out = engine.destinations().create(DestinationKind.QUEUE, "committer.once", 4);
        int contexts = 8;
        int units = 250;
        ExecutorService threads = Executors.newFixedThreadPool(contexts);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < contexts; c++) {
                int context = c;
                running.add(threads.submit(() -> {
                    for (int u = 0; u < units; u++) {
                        UnitOfWork work = new UnitOfWork();
                        work.sent(out.id(), context % 4, record(context + "-" + u));
                        assertThat(engine.commit(work)).isZero();
                    }
                    return null;
                }));
            }
            for (Future<?> context : running) {
                context.get(DEADLINE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        List<String> written = engine.database().jdbi().withHandle(handle -> handle.select(
                "select convert_from(body, 'UTF8') from sluice.message where destination_id = ?", out.id())
                .mapTo(String.class).list());
        assertThat(written).hasSize(contexts * units).doesNotHaveDuplicates();
    }

    private static UnitOfWork unit(List<Held> acknowledged, String reply) {
        UnitOfWork work = new UnitOfWork();
        acknowledged.forEach(work::delivered);
        work.sent(0, 0, record(reply));
        return work;
    }

    /**
     * Commits {@code units} (their sends go to {@code out}) while another connection holds {@code out}'s append
     * lock: the first unit waits on it; the others are queued before the lock is let go.
     */
    private static List<Future<Integer>> behindTheAppendLock(Destination out, ExecutorService contexts,
                                                             List<UnitOfWork> units) throws SQLException {
        List<UnitOfWork> addressed = new ArrayList<>();
        for (UnitOfWork unit : units) {
            UnitOfWork work = new UnitOfWork();
            unit.delivered().forEach(work::delivered);
            unit.sends().forEach(send -> work.sent(out.id(), 0, send.record()));
            addressed.add(work);
        }
        List<Future<Integer>> results = new ArrayList<>();
        try (Connection blocker = engine.database().dataSource().getConnection()) {
            blocker.setAutoCommit(false);
            blocker.createStatement().execute("select 1 from sluice.log_partition where destination_id = " + out.id()
                    + " for update");
            results.add(contexts.submit(() -> engine.commit(addressed.get(0))));
            Await.until(() -> waitingForALock(), DEADLINE, () -> "the first unit never waited for the lock");
            for (UnitOfWork work : addressed.subList(1, addressed.size())) {
                results.add(contexts.submit(() -> engine.commit(work)));
            }
            Await.until(() -> engine.committer().waiting() == addressed.size() - 1, DEADLINE,
                    () -> engine.committer().waiting() + " units queued");
            blocker.commit();
        }
        return results;
    }

    private static boolean waitingForALock() {
        return engine.database().jdbi().withHandle(handle -> handle.select(
                "select count(*) from pg_stat_activity where wait_event_type = 'Lock' and query like '%log_partition%'")
                .mapTo(Long.class).one()) > 0;
    }
}
