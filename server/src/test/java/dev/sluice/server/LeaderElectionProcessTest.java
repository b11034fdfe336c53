package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Await;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import dev.sluice.testing.Timing;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two servers on one database, each in its own JVM: exactly one runs maintenance; when it is killed with SIGKILL
 * the other takes over within the session timeout plus a second.
 */
@ExtendWith(PostgresExtension.class)
class LeaderElectionProcessTest {

    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(2);

    private static ServerProcess launch(TestDatabase database, String id) {
        return ServerProcess.launch("--jdbc-url", database.jdbcUrl(), "--user", database.user(), "--password",
                database.password(), "--server-id", id, "--session-timeout", SESSION_TIMEOUT.toMillis() + "ms",
                "--maintenance-interval", "100ms");
    }

    private static double runs(ServerProcess server) {
        return AdminClient.metrics(server.adminUri()).value("sluice_maintenance_runs_total").orElse(-1.0);
    }

    private static boolean leads(ServerProcess server) {
        return AdminClient.metrics(server.adminUri()).value("sluice_server_leader").orElse(0.0) == 1.0;
    }

    @Test
    void exactlyOneServerRunsMaintenanceAndTheOtherTakesOverWhenItIsKilled(TestDatabase database) {
        try (ServerProcess alpha = launch(database, "alpha"); ServerProcess beta = launch(database, "beta")) {
            alpha.awaitUp();
            beta.awaitUp();
            Await.until(() -> leads(alpha) != leads(beta), Duration.ofSeconds(30),
                    () -> "no single leader: alpha " + leads(alpha) + ", beta " + leads(beta));
            ServerProcess leader = leads(alpha) ? alpha : beta;
            ServerProcess standby = leader == alpha ? beta : alpha;
            String standbyId = standby == alpha ? "alpha" : "beta";

            double leaderRuns = runs(leader);
            Await.until(() -> runs(leader) > leaderRuns, Duration.ofSeconds(30),
                    () -> "the leader's maintenance does not run");
            assertThat(runs(standby)).as("maintenance runs of the standby").isZero();
            assertThat(standby.printed("Leadership: server " + standbyId + " is the leader")).isFalse();

            leader.child().kill(); // SIGKILL: no goodbye, the session must expire
            long killedAt = System.nanoTime();
            Duration allowed = Timing.scaled(SESSION_TIMEOUT.plusSeconds(1));
            Await.until(() -> standby.printed("Leadership: server " + standbyId + " is the leader"),
                    allowed.plusSeconds(30), () -> "the standby did not take over; its output:\n"
                            + String.join("\n", standby.child().output()));
            Duration tookOver = Duration.ofNanos(System.nanoTime() - killedAt);
            System.out.println("The standby took over " + tookOver.toMillis() + " ms after the leader was killed"
                    + " (session timeout " + SESSION_TIMEOUT.toMillis() + " ms)");
            assertThat(tookOver).as("take-over time after SIGKILL").isLessThanOrEqualTo(allowed);

            double standbyRuns = runs(standby);
            Await.until(() -> runs(standby) > standbyRuns, Duration.ofSeconds(30),
                    () -> "the new leader's maintenance does not run");
            assertThat(leads(standby)).isTrue();
        }
    }
}
