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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** How a feed wakes its readers: one per record, not all for one; and idle feeds make no claims at all. */
@ExtendWith(PostgresExtension.class)
class FeedWakeUpTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static Engine engine;

    @BeforeAll
    static void open(TestDatabase db) {
        engine = Engine.open(DatabaseConfig.builder().jdbcUrl(db.jdbcUrl()).user(db.user()).password(db.password())
                .build(), "wake-up-test");
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
    void oneRecordWakesOneOfTwentyWaitingReadersAndTheyTakeTurns() {
        Destination queue = engine.destinations().create(DestinationKind.QUEUE, "wake.one", 1);
        Subscription subscription = engine.subscriptions().queueSubscription(queue);
        List<SubscriptionReader> readers = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                SubscriptionReader reader = engine.openReader(subscription, 1, ClaimFilter.ALL, 10, 30_000);
                readers.add(reader);
                assertThat(reader.poll()).as("nothing sent yet").isNull();
            }
            List<Long> versions = versions(readers);
            engine.append(queue.id(), 0, record("one")).join();
            Await.until(() -> !versions(readers).equals(versions), DEADLINE, () -> "no reader was woken");
            List<Integer> woken = changed(versions, versions(readers));
            // the probe may wake a second one in the meantime; before, all twenty were woken
            assertThat(woken).as("readers woken for one record").hasSizeBetween(1, 2);
            assertThat(woken.get(0)).as("the one that waited longest").isZero();
            Delivery taken = readers.get(woken.get(0)).poll();
            assertThat(taken).isNotNull();
            engine.acknowledgeSoon(List.of(readers.get(woken.get(0)).held(taken.message()))).join();
        } finally {
            readers.forEach(SubscriptionReader::close);
        }
    }

    @Test
    void idleFeedsMakeNoClaimsWhileTheProbeFindsNothing() {
        List<SubscriptionReader> readers = new ArrayList<>();
        try {
            for (int i = 0; i < 30; i++) {
                Destination queue = engine.destinations().create(DestinationKind.QUEUE, "idle." + i, 2);
                SubscriptionReader reader = engine.openReader(engine.subscriptions().queueSubscription(queue), 2,
                        ClaimFilter.ALL, 10, 30_000);
                readers.add(reader);
                assertThat(reader.poll()).isNull();
            }
            long claims = engine.claimsMade();
            long probes = engine.probesMade();
            Await.until(() -> engine.probesMade() >= probes + 2, DEADLINE, () -> "the probe did not run");
            readers.forEach(SubscriptionReader::poll);
            assertThat(engine.claimsMade() - claims).as("claims of 30 idle feeds over two probes").isZero();
        } finally {
            readers.forEach(SubscriptionReader::close);
        }
    }

    private static List<Long> versions(List<SubscriptionReader> readers) {
        return readers.stream().map(reader -> reader.waker().version()).toList();
    }

    private static List<Integer> changed(List<Long> before, List<Long> after) {
        List<Integer> changed = new ArrayList<>();
        for (int i = 0; i < before.size(); i++) {
            if (!before.get(i).equals(after.get(i))) {
                changed.add(i);
            }
        }
        return changed;
    }
}
