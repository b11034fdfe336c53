package dev.sluice.examples.flume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PostgresExtension.class)
class LogIngestExampleTest {

    @Test
    void accessLogSyslogAndPostsLandInFilesAndATableThroughOneTopic(TestDatabase db, @TempDir Path workDir)
            throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        long rows;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            rows = LogIngestExample.run(workDir, db.jdbcUrl(), db.user(), db.password(), out);
        }
        String text = output.toString(StandardCharsets.UTF_8);
        assertThat(rows).as(text).isEqualTo(LogIngestExample.EVENTS);
        assertThat(text)
                .contains("Posted 10 generated posts in 2 requests, answered [200, 200]")
                .contains("Both sinks landed every event")
                .contains("Table examples_landed: 30 rows")
                .containsPattern("landed/access/\\d{4}-\\d{2}-\\d{2}: 3 files, 12 lines")
                .containsPattern("landed/syslog/\\d{4}-\\d{2}-\\d{2}: \\d files, 8 lines")
                .containsPattern("landed/posts/\\d{4}-\\d{2}-\\d{2}: \\d files, 10 lines")
                .containsPattern(" access +\\| 12 +\\| 4")
                .containsPattern(" syslog +\\| 8 +\\| 3")
                .containsPattern(" posts +\\| 10 +\\| \\d")
                .containsPattern(" 404 +\\| 2")
                .containsPattern(" 500 +\\| 1");
        // Run twice in one folder and database: each run starts from empty files and an empty table.
        try (PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)) {
            assertThat(LogIngestExample.run(workDir, db.jdbcUrl(), db.user(), db.password(), out))
                    .isEqualTo(LogIngestExample.EVENTS);
        }
    }
}
