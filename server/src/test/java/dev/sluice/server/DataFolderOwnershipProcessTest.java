package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Timing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One live owner per data folder: a server killed with SIGKILL leaves its PostgreSQL running, and the next server
 * started in that folder stops it at once and starts as usual; a second server on the folder of a live one fails at
 * once, naming it.
 */
class DataFolderOwnershipProcessTest {

    /** A start that had to stop an orphan may take this much longer than a plain one (its fast shutdown). */
    private static final Duration ORPHAN_STOP_ALLOWANCE = Duration.ofSeconds(15);

    @Test
    void theNextServerInTheFolderOfAKilledOneStopsItsPostgresAndStartsAsUsual(@TempDir Path folder)
            throws IOException {
        Path data = folder.resolve("data");
        long firstStart = System.nanoTime();
        ServerProcess first = ServerProcess.start("--data-dir", data.toString());
        Duration firstStartTime = Duration.ofNanos(System.nanoTime() - firstStart);
        long postmaster = postmasterPid(data);
        List<Long> firstPostgres = Stream.concat(Stream.of(postmaster), ProcessHandle.of(postmaster).orElseThrow()
                .descendants().map(ProcessHandle::pid)).toList();
        first.child().kill();
        assertThat(ProcessHandle.of(postmaster).filter(ProcessHandle::isAlive))
                .as("the killed server's PostgreSQL outlived it (else this test shows nothing)").isPresent();

        long secondStart = System.nanoTime();
        try (ServerProcess second = ServerProcess.start("--data-dir", data.toString())) {
            Duration secondStartTime = Duration.ofNanos(System.nanoTime() - secondStart);
            System.out.printf("first start %d ms, start after SIGKILL %d ms%n", firstStartTime.toMillis(),
                    secondStartTime.toMillis());
            assertThat(second.printed("Stopped the PostgreSQL (pid " + postmaster + ", port ")).as(output(second))
                    .isTrue();
            assertThat(secondStartTime).as("up within a normal start's time and the orphan's stop")
                    .isLessThan(firstStartTime.plus(Timing.scaled(ORPHAN_STOP_ALLOWANCE)));
            assertThat(firstPostgres).as("processes of the first server's PostgreSQL still alive")
                    .noneMatch(pid -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent());
            assertThat(postmasterPid(data)).isNotEqualTo(postmaster);
        }
    }

    @Test
    void aSecondServerOnTheFolderOfALiveOneFailsAtOnceNamingIt(@TempDir Path folder) {
        Path data = folder.resolve("data");
        try (ServerProcess first = ServerProcess.start("--data-dir", data.toString())) {
            CommandRun second = CommandRun.run("server", "--data-dir", data.toString(), "--port", "0",
                    "--admin-port", "0");
            assertThat(second.exitCode()).as(second.toString()).isEqualTo(1);
            assertThat(second.text()).contains("Data folder " + data.toAbsolutePath() + " is in use by a running"
                            + " Sluice server", "(pid " + first.pid() + ", JDBC URL " + first.jdbcUrl()
                            + ", admin endpoint " + first.adminUri() + ")", "--data-dir")
                    .doesNotContain("Embedded PostgreSQL started", "Exception");
            assertThat(AdminClient.get(first.adminUri(), "health").statusCode()).as("the first one runs on")
                    .isEqualTo(200);
        }
    }

    private static long postmasterPid(Path data) throws IOException {
        return Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid"), StandardCharsets.UTF_8).get(0)
                .trim());
    }

    private static String output(ServerProcess server) {
        return String.join("\n", server.child().output());
    }
}
