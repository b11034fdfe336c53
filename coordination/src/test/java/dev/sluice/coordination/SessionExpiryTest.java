package dev.sluice.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.db.Database;
import dev.sluice.testing.Await;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import dev.sluice.testing.Timing;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class SessionExpiryTest {

    private static final Duration TIMEOUT = CoordinationTestSupport.TIMEOUT;
    /** The requirement: ephemeral nodes vanish within the session timeout + 1 s after heartbeats stop. */
    private static final Duration VANISH_BOUND = Timing.scaled(TIMEOUT.plusSeconds(1));

    private static Database database;
    private static Database otherProcess;
    private static Coordinator observer;

    @BeforeAll
    static void setUp(TestDatabase db) {
        database = CoordinationTestSupport.database(db);
        otherProcess = CoordinationTestSupport.database(db);
        observer = CoordinationTestSupport.open(database, "observer");
        observer.ensurePath("/services");
    }

    @AfterAll
    static void tearDown() {
        observer.close();
        database.close();
        otherProcess.close();
    }

    @Test
    void ephemeralNodeVanishesWithinTimeoutPlusOneSecondAfterHeartbeatsStop() {
        List<SessionState> states = new CopyOnWriteArrayList<>();
        List<Set<Long>> expiries = new CopyOnWriteArrayList<>();
        observer.addSessionExpiryListener(expiries::add);
        Coordinator frozen = CoordinationTestSupport.open(otherProcess, "frozen");
        frozen.addSessionStateListener(states::add);
        frozen.create("/services/frozen", null, CreateMode.EPHEMERAL);
        RecordingWatcher endOfWatch = new RecordingWatcher();
        frozen.exists("/services/unrelated", endOfWatch);

        long stoppedAt = System.nanoTime();
        frozen.stopHeartbeatsForTesting();
        Await.until(() -> observer.exists("/services/frozen").isEmpty(), VANISH_BOUND.plusSeconds(5),
                () -> "ephemeral node of a session without heartbeats is still there");
        Duration vanishedAfter = Duration.ofNanos(System.nanoTime() - stoppedAt);

        assertThat(vanishedAfter).isLessThan(VANISH_BOUND);
        assertThat(vanishedAfter).isGreaterThanOrEqualTo(TIMEOUT.dividedBy(2));
        assertThat(observer.sessions().isAlive(frozen.sessionId())).isFalse();
        assertThat(observer.sessions().liveSessionIds()).contains(observer.sessionId())
                .doesNotContain(frozen.sessionId());
        Await.until(() -> states.contains(SessionState.EXPIRED), Timing.seconds(5), () -> "states " + states);
        assertThat(states).containsExactly(SessionState.SUSPENDED, SessionState.EXPIRED);
        assertThat(frozen.state()).isEqualTo(SessionState.EXPIRED);
        Await.until(() -> endOfWatch.count() == 1, Timing.seconds(5), () -> "watch not ended: " + endOfWatch.events());
        assertThat(endOfWatch.events()).containsExactly(
                new WatchedEvent(EventType.NONE, "/services/unrelated", SessionState.EXPIRED));
        Await.until(() -> expiries.stream().anyMatch(ids -> ids.contains(frozen.sessionId())), Timing.seconds(5),
                () -> "observer's expiry listener heard " + expiries);
        assertThatThrownBy(() -> frozen.create("/services/again", null, CreateMode.EPHEMERAL))
                .isInstanceOf(SessionExpiredException.class)
                .hasMessageContaining("session " + frozen.sessionId());
        frozen.close();
        assertThat(frozen.state()).isEqualTo(SessionState.EXPIRED);
    }

    @Test
    void closingDeletesEphemeralNodesAndTheSessionRowAtOnce() {
        Coordinator closing = CoordinationTestSupport.open(otherProcess, "closing");
        List<SessionState> states = new CopyOnWriteArrayList<>();
        closing.addSessionStateListener(states::add);
        closing.create("/services/closing", null, CreateMode.EPHEMERAL);
        String sequential = closing.create("/services/worker-", null, CreateMode.EPHEMERAL_SEQUENTIAL);
        closing.create("/services/persistent-of-closing", null, CreateMode.PERSISTENT);
        assertThat(observer.sessions().isAlive(closing.sessionId())).isTrue();

        closing.close();

        assertThat(observer.exists("/services/closing")).isEmpty();
        assertThat(observer.exists(sequential)).isEmpty();
        assertThat(observer.exists("/services/persistent-of-closing")).isPresent();
        assertThat(observer.sessions().isAlive(closing.sessionId())).isFalse();
        assertThat(observer.getChildren("/services")).doesNotContain("closing");
        assertThat(states).containsExactly(SessionState.CLOSED);
        assertThatThrownBy(() -> closing.getData("/services"))
                .isInstanceOf(CoordinatorClosedException.class).hasMessageContaining("closed");
        closing.close();
    }

    @Test
    void liveSessionsSurviveManyTimeouts() {
        Coordinator living = CoordinationTestSupport.open(otherProcess, "living");
        Coordinator frozen = CoordinationTestSupport.open(otherProcess, "short-lived");
        living.create("/services/living", null, CreateMode.EPHEMERAL);
        frozen.stopHeartbeatsForTesting();

        // Three sessions expire one after another; the heartbeating one outlives them all.
        for (int i = 0; i < 2; i++) {
            Coordinator next = CoordinationTestSupport.open(otherProcess, "short-lived-" + i);
            Await.until(() -> frozen.state() == SessionState.EXPIRED, Timing.scaled(TIMEOUT.multipliedBy(4)),
                    () -> "frozen session not expired");
            next.stopHeartbeatsForTesting();
            Await.until(() -> next.state() == SessionState.EXPIRED, Timing.scaled(TIMEOUT.multipliedBy(4)),
                    () -> "session " + next.sessionId() + " not expired");
        }

        assertThat(living.state()).isEqualTo(SessionState.CONNECTED);
        assertThat(observer.exists("/services/living")).isPresent();
        living.close();
    }
}
