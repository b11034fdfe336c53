package dev.sluice.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.db.Database;
import dev.sluice.testing.Await;
import dev.sluice.testing.ChildJvm;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import dev.sluice.testing.Timing;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class ChildJvmCrashTest {

    @Test
    void ephemeralNodeOfKilledJvmVanishesWithinTimeoutPlusOneSecond(TestDatabase db) {
        Duration timeout = CoordinationTestSupport.TIMEOUT;
        try (Database database = CoordinationTestSupport.database(db);
             Coordinator survivor = CoordinationTestSupport.open(database, "survivor")) {
            survivor.ensurePath("/clients");
            List<Set<Long>> expiries = new CopyOnWriteArrayList<>();
            survivor.addSessionExpiryListener(expiries::add);
            RecordingWatcher deletion = new RecordingWatcher();

            try (ChildJvm child = ChildJvm.start(EphemeralNodeHolder.class, db.jdbcUrl(), db.user(), db.password(),
                    "/clients/child", Long.toString(timeout.toMillis()))) {
                child.awaitLine("READY", Timing.seconds(60));
                long childSession = Long.parseLong(child.output().stream().filter(line -> line.startsWith("READY"))
                        .findFirst().orElseThrow().substring("READY ".length()).trim());
                assertThat(survivor.exists("/clients/child", deletion).orElseThrow().ephemeralOwner())
                        .isEqualTo(childSession);

                long killedAt = System.nanoTime();
                child.kill();
                Await.until(() -> survivor.exists("/clients/child").isEmpty(),
                        Timing.scaled(timeout.plusSeconds(10)), () -> "node of the killed JVM is still there");
                Duration vanishedAfter = Duration.ofNanos(System.nanoTime() - killedAt);

                assertThat(vanishedAfter).isLessThan(Timing.scaled(timeout.plusSeconds(1)));
                assertThat(survivor.sessions().isAlive(childSession)).isFalse();
                deletion.awaitCount(1, Timing.seconds(5));
                assertThat(deletion.events()).extracting(WatchedEvent::type).containsExactly(EventType.NODE_DELETED);
                Await.until(() -> expiries.stream().anyMatch(ids -> ids.contains(childSession)), Timing.seconds(5),
                        () -> "expiry listener heard " + expiries);
            }
        }
    }
}
