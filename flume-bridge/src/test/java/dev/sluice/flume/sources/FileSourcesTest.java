package dev.sluice.flume.sources;

import static dev.sluice.flume.AgentTestSupport.lines;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.flume.Agent;
import dev.sluice.flume.AgentTestSupport;
import dev.sluice.testing.Await;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** spooldir, exec and seq sources into a queue and out through file_roll. */
@ExtendWith(PostgresExtension.class)
class FileSourcesTest {

    private static String agent(Path dir, String queue, String sourceKeys) {
        StringBuilder text = new StringBuilder("""
                a1.sources = r1
                a1.channels = c1
                a1.sinks = k1
                a1.sources.r1.channels = c1
                a1.channels.c1.type = jms
                a1.channels.c1.url = ${DB_URL}
                a1.channels.c1.user = ${DB_USER}
                a1.channels.c1.password = ${DB_PASSWORD}
                a1.channels.c1.destination = queue://%2$s
                a1.sinks.k1.type = file_roll
                a1.sinks.k1.channel = c1
                a1.sinks.k1.sink.directory = %1$s/out
                """.formatted(dir, queue));
        for (String line : sourceKeys.split("\n")) {
            text.append("a1.sources.r1.").append(line.trim()).append('\n');
        }
        return text.toString();
    }

    @Test
    void spooldirReadsCompletedFilesOnceAndMarksThem(TestDatabase db, @TempDir Path dir) throws Exception {
        Path spool = Files.createDirectories(dir.resolve("spool"));
        Files.writeString(spool.resolve("a.log"), IntStream.range(0, 250).mapToObj(i -> "a" + i)
                .collect(Collectors.joining("\n")) + "\n");
        Files.writeString(spool.resolve("b.log"), "b0\nb1 without newline at the end");
        Path out = dir.resolve("out");
        Agent agent = AgentTestSupport.start("a1", agent(dir, "spool.queue", "type = spooldir\nspoolDir = " + spool
                + "\npollDelay = 100\nmaxBackoff = 50"), db);
        try {
            Await.until(() -> Files.exists(spool.resolve("a.log.COMPLETED"))
                    && Files.exists(spool.resolve("b.log.COMPLETED")) && lines(out).size() >= 252,
                    Duration.ofSeconds(30), () -> "output " + lines(out).size());
            assertThat(lines(out)).hasSize(252).contains("a0", "a249", "b1 without newline at the end");
            assertThat(spool.resolve(".flumespool")).isEmptyDirectory();
        } finally {
            agent.stop();
        }
    }

    @Test
    void execRunsACommandAndSeqCounts(TestDatabase db, @TempDir Path dir) {
        Path out = dir.resolve("out");
        Agent exec = AgentTestSupport.start("a1", agent(dir, "exec.queue",
                "type = exec\nshell = /bin/sh -c\ncommand = for i in 1 2 3; do echo exec-$i; done"), db);
        try {
            Await.until(() -> lines(out).size() >= 3, Duration.ofSeconds(30), () -> "output " + lines(out));
            assertThat(lines(out)).containsExactlyInAnyOrder("exec-1", "exec-2", "exec-3");
        } finally {
            exec.stop();
        }
        Path seqOut = dir.resolve("seq");
        Agent seq = AgentTestSupport.start("a1", agent(dir, "seq.queue", "type = seq\ntotalEvents = 50\nbatchSize = 7")
                .replace(dir + "/out", seqOut.toString()), db);
        try {
            Await.until(() -> lines(seqOut).size() >= 50, Duration.ofSeconds(30), () -> "output " + lines(seqOut));
            assertThat(lines(seqOut)).hasSize(50).contains("0", "49");
        } finally {
            seq.stop();
        }
    }
}
