package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.server.admin.AdminServer;
import dev.sluice.server.admin.MonitoringPool;
import dev.sluice.server.admin.ServerStatus;
import dev.sluice.server.maintenance.MaintenanceLoop;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The admin endpoint on a port that another process (here: a socket of the test) has already. */
@ExtendWith(PostgresExtension.class)
class AdminServerPortTest {

    private static MonitoringPool monitoring;

    @BeforeAll
    static void openPool(TestDatabase db) {
        monitoring = new MonitoringPool("admin-port-test", db.jdbcUrl(), db.user(), db.password());
    }

    @AfterAll
    static void closePool() {
        monitoring.close();
    }

    private static AdminServer admin(int port, boolean fallback) {
        return new AdminServer("127.0.0.1", port, fallback, monitoring, new Status(),
                new MaintenanceLoop("admin-port-test", List.of(), Duration.ofMinutes(1), Clock.systemUTC()),
                List.of());
    }

    @Test
    void theDefaultPortTakenMakesItListenOnAnotherOne() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             AdminServer admin = admin(taken.getLocalPort(), true)) {
            admin.start();
            assertThat(admin.uri().getPort()).isNotEqualTo(taken.getLocalPort()).isPositive();
            assertThat(AdminClient.get(admin.uri(), "health").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aChosenPortTakenFailsNamingPortAndOptionAndClosesWithoutError() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            AdminServer admin = admin(taken.getLocalPort(), false);
            assertThatThrownBy(admin::start).isInstanceOf(CommandFailedException.class)
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort()).hasMessageContaining("--admin-port");
            admin.close(); // what a failed server start does; it used to throw a NullPointerException
            admin.close();
        }
    }

    private static final class Status implements ServerStatus {
        private final Instant startedAt = Instant.now();

        @Override
        public String serverId() {
            return "admin-port-test";
        }

        @Override
        public boolean leader() {
            return false;
        }

        @Override
        public Optional<String> leaderId() {
            return Optional.empty();
        }

        @Override
        public List<String> members() {
            return List.of();
        }

        @Override
        public Instant startedAt() {
            return startedAt;
        }
    }
}
