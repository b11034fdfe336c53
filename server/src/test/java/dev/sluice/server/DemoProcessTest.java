package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice demo} on a fresh folder, as the README's first command runs it: embedded PostgreSQL and all. */
class DemoProcessTest {

    @Test
    void demoRunsOnAFreshFolderAndEndsWithItsSummary(@TempDir Path folder) {
        CommandRun demo = CommandRun.run("demo", "--data-dir", folder.resolve("data").toString());

        assertThat(demo.exitCode()).as(demo.toString()).isZero();
        assertThat(demo.text()).contains("Starting an embedded PostgreSQL",
                "received  order 1001: 2 widgets for ada",
                "audit   got EURUSD 1.0871", "ticker  got GBPUSD 1.2710",
                "requester received '3 widgets cost 29.85 EUR'",
                "from sluice.messages", "(7 rows)");
        assertThat(demo.output().get(demo.output().size() - 1))
                .startsWith("Demo finished: sent 7 messages, received 9, request/reply took ")
                .contains("7 messages of this run found with SQL in sluice.messages");
        assertThat(Files.exists(folder.resolve("data").resolve("postmaster.pid")))
                .as("the embedded PostgreSQL stopped").isFalse();
    }
}
