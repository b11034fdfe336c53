package dev.sluice.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.db.Database;
import dev.sluice.testing.Await;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import dev.sluice.testing.Timing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Here no coordinator sweeps, so the test itself is the participant that expires a dead session. */
@ExtendWith(PostgresExtension.class)
class SessionRegistryTest {

    @Test
    void anyParticipantCanExpireDeadSessionsWithTheirEphemeralNodes(TestDatabase db) {
        try (Database database = CoordinationTestSupport.database(db)) {
            Coordinator frozen = CoordinationTestSupport.open(database, "frozen");
            frozen.ensurePath("/members");
            frozen.create("/members/frozen", null, CreateMode.EPHEMERAL);
            frozen.create("/members/kept", null, CreateMode.PERSISTENT);
            long id = frozen.sessionId();
            SessionRegistry registry = new SessionRegistry(database.jdbi());
            assertThat(registry.liveSessionIds()).containsExactly(id);

            frozen.stopHeartbeatsForTesting();
            Await.until(() -> !registry.isAlive(id), Timing.scaled(CoordinationTestSupport.TIMEOUT.multipliedBy(3)),
                    () -> "session " + id + " never became overdue");
            assertThat(rowCount(database, id)).as("overdue row waits for a sweep").isEqualTo(1);

            assertThat(registry.expireDeadSessions()).containsExactly(id);

            assertThat(rowCount(database, id)).isZero();
            assertThat(registry.expireDeadSessions()).isEmpty();
            int[] parent = database.jdbi().withHandle(handle -> handle.createQuery(
                            "SELECT num_children, child_version FROM sluice.coord_node WHERE path = '/members'")
                    .map((rs, ctx) -> new int[] {rs.getInt(1), rs.getInt(2)}).one());
            assertThat(parent).containsExactly(1, 3);
            Await.until(() -> frozen.state() == SessionState.EXPIRED, Timing.seconds(5),
                    () -> "frozen client never learned of its expiry");
            frozen.close();
        }
    }

    private static long rowCount(Database database, long id) {
        return database.jdbi().withHandle(handle -> handle.createQuery(
                        "SELECT count(*) FROM sluice.coord_session WHERE session_id = :id")
                .bind("id", id).mapTo(Long.class).one());
    }
}
