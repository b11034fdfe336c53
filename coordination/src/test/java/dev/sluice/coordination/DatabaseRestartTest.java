package dev.sluice.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.db.Database;
import dev.sluice.db.DatabaseConfig;
import dev.sluice.embedded.EmbeddedPostgresServer;
import dev.sluice.testing.Await;
import dev.sluice.testing.Timing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database restart stops every heartbeat at once: the sessions must survive it however long it lasts (their
 * clocks start again when the server is back, as ZooKeeper's do on a leader change), while a session whose client
 * really died still expires. Runs its own embedded server, stopped and started again on the same folder and port.
 */
class DatabaseRestartTest {

    private static final Duration TIMEOUT = CoordinationTestSupport.TIMEOUT;

    @TempDir
    Path dataDir;

    private EmbeddedPostgresServer server;
    private Database database;

    @AfterEach
    void tearDown() {
        if (database != null) {
            database.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void sessionsOutliveARestartLongerThanTheirTimeoutButDeadOnesStillExpire() {
        server = EmbeddedPostgresServer.start(dataDir, 0);
        int port = server.port();
        database = Database.open(DatabaseConfig.builder().jdbcUrl(server.jdbcUrl())
                .user(EmbeddedPostgresServer.USER).poolSize(8).build());
        Coordinator holder = CoordinationTestSupport.open(database, "holder");
        Coordinator dead = CoordinationTestSupport.open(database, "dead");
        List<SessionState> states = new CopyOnWriteArrayList<>();
        holder.addSessionStateListener(states::add);
        holder.ensurePath("/services");
        holder.create("/services/holder", null, CreateMode.EPHEMERAL);
        dead.create("/services/dead", null, CreateMode.EPHEMERAL);
        dead.stopHeartbeatsForTesting();

        server.close();
        long downAt = System.nanoTime();
        Duration outage = TIMEOUT.multipliedBy(4);
        Await.until(() -> states.contains(SessionState.SUSPENDED), Timing.scaled(outage),
                () -> "the holder did not notice the outage: " + states);
        // The outage lasts four session timeouts, whatever the machine's speed (it is the experiment, not a wait
        // for an event).
        Await.until(() -> System.nanoTime() - downAt >= outage.toNanos(), outage.plusSeconds(5), () -> "clock");
        server = EmbeddedPostgresServer.start(dataDir, port);
        long upAt = System.nanoTime();

        Await.until(() -> states.contains(SessionState.CONNECTED), Timing.scaled(TIMEOUT.plusSeconds(10)),
                () -> "the holder's session did not come back: " + states);
        assertThat(holder.exists("/services/holder")).as("the holder's ephemeral node").isPresent();
        holder.create("/services/holder-after", null, CreateMode.EPHEMERAL);

        Await.until(() -> holder.exists("/services/dead").isEmpty(), Timing.scaled(TIMEOUT.multipliedBy(2)
                        .plusSeconds(10)),
                () -> "the session that stopped heartbeating before the outage was never expired");
        Duration deadGoneAfterRestart = Duration.ofNanos(System.nanoTime() - upAt);
        assertThat(deadGoneAfterRestart).as("a full timeout after the restart, not at once")
                .isGreaterThanOrEqualTo(TIMEOUT.dividedBy(2));
        assertThat(holder.state()).isEqualTo(SessionState.CONNECTED);
        assertThat(states).containsExactly(SessionState.SUSPENDED, SessionState.CONNECTED);
        assertThat(holder.exists("/services/holder")).isPresent();
        assertThat(holder.sessions().liveSessionIds()).contains(holder.sessionId())
                .doesNotContain(dead.sessionId());
        holder.close();
        dead.close();
    }
}
