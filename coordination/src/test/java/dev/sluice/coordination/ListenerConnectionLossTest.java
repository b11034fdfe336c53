package dev.sluice.coordination;

import static dev.sluice.coordination.CoordinationTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.db.Database;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import dev.sluice.testing.Timing;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class ListenerConnectionLossTest {

    @Test
    void watchesAreToldToReReadAfterTheNotificationConnectionIsRestored(TestDatabase db) throws Exception {
        try (Database database = CoordinationTestSupport.database(db);
             Coordinator coordinator = CoordinationTestSupport.open(database, "reconnecting")) {
            coordinator.create("/watched", bytes("0"), CreateMode.PERSISTENT);
            RecordingWatcher oneShot = new RecordingWatcher();
            RecordingWatcher persistent = new RecordingWatcher();
            coordinator.getData("/watched", oneShot);
            coordinator.addWatch("/watched", AddWatchMode.PERSISTENT, persistent);

            try (Connection admin = db.connect(); Statement statement = admin.createStatement();
                 ResultSet killed = statement.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                         + " WHERE datname = current_database() AND query LIKE 'LISTEN%'")) {
                assertThat(killed.next()).as("the listener's backend was found").isTrue();
            }

            oneShot.awaitCount(1, Timing.seconds(15));
            persistent.awaitCount(1, Timing.seconds(5));
            WatchedEvent reset = new WatchedEvent(EventType.NONE, "/watched", SessionState.CONNECTED);
            assertThat(oneShot.events()).containsExactly(reset);
            assertThat(persistent.events()).containsExactly(reset);

            RecordingWatcher afterwards = new RecordingWatcher();
            coordinator.getData("/watched", afterwards);
            coordinator.setData("/watched", bytes("1"), -1);
            afterwards.awaitCount(1, Timing.seconds(5));
            persistent.awaitCount(2, Timing.seconds(5));
            assertThat(afterwards.events()).extracting(WatchedEvent::type).containsExactly(EventType.NODE_DATA_CHANGED);
            assertThat(oneShot.count()).as("a one-shot watch ends with the reset").isEqualTo(1);
            assertThat(coordinator.state()).isEqualTo(SessionState.CONNECTED);
        }
    }
}
