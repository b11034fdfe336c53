package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second server on the same machine, given only the URL of the first one's embedded database, while that
 * database goes away and comes back: it starts without other flags, tells of each outage once, recovers by itself,
 * keeps {@code /health} and {@code /metrics} answering within 2 s meanwhile, and stops within 5 s on SIGTERM while
 * the database is gone. Those two bounds are the specification's, not performance figures.
 */
class DatabaseOutageProcessTest {

    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(2);
    private static final Duration STOP_WITHIN = Duration.ofSeconds(5);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String OUTAGE = "Sluice retries and says here when it is back";

    @Test
    void aSecondServerOutlivesTheFirstOnesDatabaseQuietlyAnswersAndStopsInTime(@TempDir Path folder) {
        String[] owner = {"--data-dir", folder.resolve("data").toString(), "--port", String.valueOf(freePort())};
        ServerProcess first = ServerProcess.start(owner);
        ServerProcess second = ServerProcess.launchAsTyped(null, "--jdbc-url", first.jdbcUrl()).awaitUp();
        try {
            assertThat(second.adminUri()).isNotEqualTo(first.adminUri());
            second.child().awaitLine("commands find it with --url or $SLUICE_URL", WAIT); // the banner's last line

            stop(first);
            // Every loop of the second server has met the outage by the time its session is reported suspended.
            second.child().awaitLine("reporting the session suspended", WAIT);
            HttpResponse<String> health = AdminClient.getWithin(second.adminUri(), "health", ANSWER_WITHIN);
            assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
            assertThat(health.body()).contains("\"status\" : \"DOWN\"");
            HttpResponse<String> metrics = AdminClient.getWithin(second.adminUri(), "metrics", ANSWER_WITHIN);
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(PrometheusText.parse(metrics.body()).value("sluice_database_up")).contains(0.0);
            assertThat(count(second, OUTAGE)).as(output(second)).isEqualTo(1);
            assertThat(count(second, "\tat ")).as("stack traces in\n" + output(second)).isZero();

            first = ServerProcess.start(owner);
            second.child().awaitLine("is reachable again after", WAIT);
            Await.until(() -> AdminClient.get(second.adminUri(), "health").statusCode() == 200, WAIT,
                    () -> "the second server's /health did not come back:\n" + output(second));

            stop(first);
            Await.until(() -> AdminClient.getWithin(second.adminUri(), "health", ANSWER_WITHIN).statusCode() == 503,
                    WAIT, () -> "the second server's /health did not notice the second outage");
            second.child().process().toHandle().destroy(); // SIGTERM
            assertThat(second.child().awaitExit(STOP_WITHIN)).as(output(second)).isZero();
            assertThat(count(second, OUTAGE)).as("one line per outage:\n" + output(second)).isEqualTo(2);
        } finally {
            second.close();
            first.close();
        }
    }

    private static void stop(ServerProcess server) {
        server.child().process().toHandle().destroy(); // SIGTERM
        assertThat(server.child().awaitExit(WAIT)).as(output(server)).isZero();
    }

    private static long count(ServerProcess server, String text) {
        return server.child().output().stream().filter(line -> line.contains(text)).count();
    }

    private static String output(ServerProcess server) {
        return String.join("\n", server.child().output());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port", e);
        }
    }
}
