package dev.sluice.coordination.recipes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.coordination.CoordinationTestSupport;
import dev.sluice.coordination.Coordinator;
import dev.sluice.db.Database;
import dev.sluice.testing.Await;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import dev.sluice.testing.Timing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class LeaderLatchTest {

    private static final Duration TIMEOUT = CoordinationTestSupport.TIMEOUT;
    private static final int CANDIDATES = 5;

    private final List<Database> databases = new ArrayList<>();
    private final List<Candidate> candidates = new ArrayList<>();
    private final List<Interval> intervals = new ArrayList<>();

    /** One leadership interval as the latch reported it, in System.nanoTime. */
    private record Interval(String candidate, long start, long end) {
    }

    /** A participant: its own session and latch, recording its leadership intervals. */
    private final class Candidate implements LeaderLatchListener {
        final String id;
        final Coordinator coordinator;
        final LeaderLatch latch;
        private long since = -1;

        Candidate(String id, Database database) {
            this.id = id;
            this.coordinator = CoordinationTestSupport.open(database, id);
            this.latch = new LeaderLatch(coordinator, "/election", id);
            latch.addListener(this);
        }

        @Override
        public void isLeader() {
            synchronized (intervals) {
                since = System.nanoTime();
            }
        }

        @Override
        public void notLeader() {
            synchronized (intervals) {
                intervals.add(new Interval(id, since, System.nanoTime()));
                since = -1;
            }
        }
    }

    @AfterEach
    void tearDown() {
        for (Candidate candidate : candidates) {
            candidate.latch.close();
            candidate.coordinator.close();
        }
        databases.forEach(Database::close);
    }

    private List<Candidate> leaders() {
        return candidates.stream().filter(candidate -> candidate.latch.hasLeadership()).toList();
    }

    private Candidate awaitSingleLeader(List<Candidate> among, Duration within) {
        Await.until(() -> among.stream().filter(c -> c.latch.hasLeadership()).count() == 1, within,
                () -> "leaders: " + leaders().stream().map(c -> c.id).toList());
        return among.stream().filter(c -> c.latch.hasLeadership()).findFirst().orElseThrow();
    }

    @Test
    void exactlyOneLeaderAndANewOneWithinTimeoutPlusOneSecondWithoutOverlap(TestDatabase db) {
        databases.add(CoordinationTestSupport.database(db, 4));
        databases.add(CoordinationTestSupport.database(db, 4));
        for (int i = 0; i < CANDIDATES; i++) {
            candidates.add(new Candidate("candidate-" + i, databases.get(i % 2)));
        }
        candidates.forEach(candidate -> candidate.latch.start());
        List<Candidate> alive = new ArrayList<>(candidates);
        Candidate leader = awaitSingleLeader(alive, Timing.seconds(10));
        assertThat(leader.latch.leaderId()).contains(leader.id);
        assertThat(leader).isSameAs(candidates.get(0));

        // Three leaders crash one after another (heartbeats stop, as in a frozen or partitioned process).
        for (int round = 0; round < 3; round++) {
            long crashedAt = System.nanoTime();
            leader.coordinator.stopHeartbeatsForTesting();
            alive.remove(leader);
            Candidate previous = leader;
            leader = awaitSingleLeader(alive, Timing.scaled(TIMEOUT.plusSeconds(3)));
            Duration electedAfter = Duration.ofNanos(System.nanoTime() - crashedAt);

            assertThat(electedAfter).as("round %d", round).isLessThan(Timing.scaled(TIMEOUT.plusSeconds(1)));
            assertThat(previous.latch.hasLeadership()).isFalse();
            assertThat(leader.latch.leaderId()).contains(leader.id);
        }

        // The last leader hands over cleanly by closing its latch.
        leader.latch.close();
        alive.remove(leader);
        Candidate last = awaitSingleLeader(alive, Timing.seconds(5));
        assertThat(alive).containsExactly(last);

        last.latch.close();
        List<Interval> recorded;
        synchronized (intervals) {
            recorded = intervals.stream().sorted(Comparator.comparingLong(Interval::start)).toList();
        }
        assertThat(recorded).extracting(Interval::candidate)
                .containsExactly("candidate-0", "candidate-1", "candidate-2", "candidate-3", "candidate-4");
        for (int i = 1; i < recorded.size(); i++) {
            assertThat(recorded.get(i).start())
                    .as("leadership of %s must start after %s ended: %s", recorded.get(i).candidate(),
                            recorded.get(i - 1).candidate(), describe(recorded))
                    .isGreaterThan(recorded.get(i - 1).end());
        }
    }

    private static String describe(List<Interval> recorded) {
        long origin = recorded.get(0).start();
        return recorded.stream().map(interval -> interval.candidate() + " [" + (interval.start() - origin) / 1_000_000
                        + " ms, " + (interval.end() - origin) / 1_000_000 + " ms]")
                .collect(Collectors.joining(", "));
    }

    @Test
    void awaitReturnsWhenLeadershipArrives(TestDatabase db) throws InterruptedException {
        databases.add(CoordinationTestSupport.database(db, 4));
        Candidate first = new Candidate("first", databases.get(0));
        Candidate second = new Candidate("second", databases.get(0));
        candidates.add(first);
        candidates.add(second);
        first.latch.start();
        second.latch.start();

        assertThat(first.latch.await(Timing.seconds(5))).isTrue();
        assertThat(second.latch.await(Duration.ofMillis(50))).isFalse();
        first.latch.close();
        assertThat(second.latch.await(Timing.seconds(5))).isTrue();
        assertThat(second.latch.leaderId()).contains("second");
    }
}
