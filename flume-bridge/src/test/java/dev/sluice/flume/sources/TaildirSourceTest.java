package dev.sluice.flume.sources;

import static dev.sluice.flume.AgentTestSupport.append;
import static dev.sluice.flume.AgentTestSupport.lines;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.flume.Agent;
import dev.sluice.flume.AgentTestSupport;
import dev.sluice.testing.Await;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** taildir -> queue -> file_roll on real files: rotation by rename, truncation, restart from the position file. */
@ExtendWith(PostgresExtension.class)
class TaildirSourceTest {

    private static String config(Path dir, String queue, String... extraSourceKeys) {
        StringBuilder text = new StringBuilder("""
                a1.sources = r1
                a1.channels = c1
                a1.sinks = k1
                a1.sources.r1.type = TAILDIR
                a1.sources.r1.channels = c1
                a1.sources.r1.filegroups = f1
                a1.sources.r1.filegroups.f1 = %1$s/logs/access\\\\.log
                a1.sources.r1.positionFile = %1$s/taildir_position.json
                a1.sources.r1.batchSize = 20
                a1.sources.r1.maxBackoffSleep = 50
                a1.sources.r1.idleTimeout = 300
                a1.channels.c1.type = jms
                a1.channels.c1.url = ${DB_URL}
                a1.channels.c1.user = ${DB_USER}
                a1.channels.c1.password = ${DB_PASSWORD}
                a1.channels.c1.destination = queue://%2$s
                a1.sinks.k1.type = file_roll
                a1.sinks.k1.channel = c1
                a1.sinks.k1.sink.directory = %1$s/out
                a1.sinks.k1.sink.rollInterval = 0
                """.formatted(dir, queue));
        for (String key : extraSourceKeys) {
            text.append("a1.sources.r1.").append(key).append('\n');
        }
        return text.toString();
    }

    private static String[] numbered(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "line-" + i).toArray(String[]::new);
    }

    private static void awaitExactlyOnce(Path out, int count) {
        Await.until(() -> lines(out).size() >= count, Duration.ofSeconds(30),
                () -> "expected " + count + " lines, have " + lines(out).size());
        List<String> written = lines(out);
        assertThat(new HashSet<>(written)).as("distinct lines").hasSize(count);
        assertThat(written).as("no line twice").hasSize(count);
    }

    @Test
    void renamedFileIsFinishedAndNewFileReadWithoutDuplicatesAcrossRestart(TestDatabase db, @TempDir Path dir)
            throws IOException {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path log = logs.resolve("access.log");
        Path out = dir.resolve("out");
        append(log, numbered(1, 100));
        Agent agent = AgentTestSupport.start("a1", config(dir, "tail.rotation"), db);
        try {
            awaitExactlyOnce(out, 100);
            Path rotated = logs.resolve("access.log.1");
            Files.move(log, rotated);
            append(rotated, numbered(101, 150));
            append(log, numbered(151, 200));
            awaitExactlyOnce(out, 200);
        } finally {
            agent.stop();
        }
        append(log, numbered(201, 250));
        Agent restarted = AgentTestSupport.start("a1", config(dir, "tail.rotation"), db);
        try {
            awaitExactlyOnce(out, 250);
        } finally {
            restarted.stop();
        }
    }

    @Test
    void aRotatedFileWithUnreadLinesIsFoundByInodeAfterARestart(TestDatabase db, @TempDir Path dir)
            throws IOException {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path log = logs.resolve("access.log");
        Path out = dir.resolve("out");
        append(log, numbered(1, 10));
        Agent agent = AgentTestSupport.start("a1", config(dir, "tail.offline"), db);
        try {
            awaitExactlyOnce(out, 10);
        } finally {
            agent.stop();
        }
        append(log, numbered(11, 20));
        Files.move(log, logs.resolve("access.log.1"));
        append(log, numbered(21, 30));
        Agent restarted = AgentTestSupport.start("a1", config(dir, "tail.offline"), db);
        try {
            awaitExactlyOnce(out, 30);
        } finally {
            restarted.stop();
        }
    }

    @Test
    void truncatedFileIsReadAgainFromTheStartAndAPartialLineWaitsForItsNewline(TestDatabase db, @TempDir Path dir)
            throws IOException {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path log = logs.resolve("access.log");
        Path out = dir.resolve("out");
        append(log, numbered(1, 10));
        Agent agent = AgentTestSupport.start("a1", config(dir, "tail.truncate"), db);
        try {
            awaitExactlyOnce(out, 10);
            try (FileChannel file = FileChannel.open(log, StandardOpenOption.WRITE)) {
                file.truncate(0);
            }
            Files.writeString(log, "line-11\nline-1", StandardOpenOption.APPEND);
            awaitExactlyOnce(out, 11);
            Files.writeString(log, "2\n", StandardOpenOption.APPEND);
            awaitExactlyOnce(out, 12);
            assertThat(lines(out)).contains("line-12");
        } finally {
            agent.stop();
        }
    }

    @Test
    void fileGroupHeadersAndTheFileHeaderAreSet(TestDatabase db, @TempDir Path dir) throws IOException {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path log = logs.resolve("access.log");
        Path out = dir.resolve("out");
        append(log, "hello");
        String text = config(dir, "tail.headers", "fileHeader = true", "headers.f1.site = eu-1")
                + "a1.sinks.k1.sink.serializer = header_and_text\n";
        Agent agent = AgentTestSupport.start("a1", text, db);
        try {
            Await.until(() -> lines(out).size() == 1, Duration.ofSeconds(30), () -> "lines: " + lines(out));
            List<String> written = new ArrayList<>(lines(out));
            assertThat(written.get(0)).contains("site=eu-1").contains("file=" + log).endsWith(" hello");
        } finally {
            agent.stop();
        }
    }
}
