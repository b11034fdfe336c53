package dev.sluice.flume;

import static dev.sluice.flume.AgentTestSupport.append;
import static dev.sluice.flume.AgentTestSupport.lines;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Await;
import dev.sluice.testing.ChildJvm;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent in a child JVM killed with SIGKILL mid-stream and restarted: nothing is lost, and duplicates stay
 * within one batch per hop (source to channel, channel to sink). The counts are printed.
 */
@ExtendWith(PostgresExtension.class)
class CrashRecoveryTest {

    private static final String FAST_RECOVERY = "leaseTimeoutMs=1500&sessionTimeoutMs=1500";
    private static final int BATCH = 100;

    private static String line(int i) {
        return "line-%06d GET /index.html HTTP/1.1 200 %s".formatted(i, "x".repeat(150));
    }

    @Test
    void taildirToQueueToFileRollLosesNothingWhenKilledDuringARotation(TestDatabase db, @TempDir Path dir)
            throws IOException {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path log = logs.resolve("access.log");
        Path out = dir.resolve("out");
        Path config = dir.resolve("agent.properties");
        Files.writeString(config, """
                a1.sources = r1
                a1.channels = c1
                a1.sinks = k1
                a1.sources.r1.type = taildir
                a1.sources.r1.channels = c1
                a1.sources.r1.filegroups = f1
                a1.sources.r1.filegroups.f1 = %1$s/logs/access\\\\.log
                a1.sources.r1.positionFile = %1$s/position.json
                a1.sources.r1.batchSize = %3$d
                a1.sources.r1.maxBackoffSleep = 50
                a1.sources.r1.idleTimeout = 1000
                a1.channels.c1.type = jms
                a1.channels.c1.url = %2$s
                a1.channels.c1.user = %4$s
                a1.channels.c1.password = %5$s
                a1.channels.c1.destination = queue://crash.taildir
                a1.sinks.k1.type = file_roll
                a1.sinks.k1.channel = c1
                a1.sinks.k1.sink.directory = %1$s/out
                a1.sinks.k1.sink.rollInterval = 1
                a1.sinks.k1.sink.batchSize = %3$d
                """.formatted(dir, AgentTestSupport.url(db, FAST_RECOVERY), BATCH, db.user(), db.password()));
        int total = 6000;
        append(log, IntStream.rangeClosed(1, 2000).mapToObj(CrashRecoveryTest::line).toArray(String[]::new));
        int seenBeforeKill;
        try (ChildJvm agent = ChildJvm.start(AgentMain.class, "-n", "a1", "-f", config.toString())) {
            agent.awaitLine("agent a1 started", Duration.ofSeconds(60));
            Await.until(() -> lines(out).size() >= 500, Duration.ofSeconds(60),
                    () -> "output so far: " + lines(out).size() + "\n" + String.join("\n", agent.output()));
            Files.move(log, logs.resolve("access.log.1"));
            append(log, IntStream.rangeClosed(2001, 4000).mapToObj(CrashRecoveryTest::line).toArray(String[]::new));
            agent.kill();
            seenBeforeKill = lines(out).size();
        }
        append(log, IntStream.rangeClosed(4001, total).mapToObj(CrashRecoveryTest::line).toArray(String[]::new));
        try (ChildJvm agent = ChildJvm.start(AgentMain.class, "-n", "a1", "-f", config.toString())) {
            agent.awaitLine("agent a1 started", Duration.ofSeconds(60));
            Await.until(() -> Duplicates.of(lines(out)).distinct() >= total, Duration.ofSeconds(90),
                    () -> "distinct lines " + Duplicates.of(lines(out)).distinct() + " of " + total + "\n"
                            + String.join("\n", agent.output()));
            agent.process().destroy();
            assertThat(agent.awaitExit(Duration.ofSeconds(30))).as("exit code after SIGTERM").isIn(0, 143);
        }
        Duplicates result = Duplicates.of(lines(out));
        System.out.printf("taildir crash test: %d lines, %d written before the kill, %d duplicates"
                + " (bound: one source batch + one sink batch = %d)%n", total, seenBeforeKill, result.duplicates(),
                2 * BATCH);
        assertThat(result.distinct()).isEqualTo(total);
        assertThat(result.duplicates()).isLessThanOrEqualTo(2 * BATCH);
    }

    @Test
    void httpToTopicToTwoJdbcSinksLosesNothingWhenKilledMidStream(TestDatabase db, @TempDir Path dir)
            throws Exception {
        Path config = dir.resolve("agent.properties");
        int perPost = 50;
        int posts = 60;
        Files.writeString(config, """
                a1.sources = r1
                a1.channels = c1
                a1.sinks = k1 k2
                a1.sources.r1.type = http
                a1.sources.r1.port = 0
                a1.sources.r1.bind = 127.0.0.1
                a1.sources.r1.channels = c1
                a1.channels.c1.type = jms
                a1.channels.c1.url = %1$s
                a1.channels.c1.user = %2$s
                a1.channels.c1.password = %3$s
                a1.channels.c1.destination = topic://crash.http
                a1.sinks.k1.type = jdbc
                a1.sinks.k1.channel = c1
                a1.sinks.k1.url = %4$s
                a1.sinks.k1.user = %2$s
                a1.sinks.k1.password = %3$s
                a1.sinks.k1.table = landed_a
                a1.sinks.k1.createTable = true
                a1.sinks.k1.batchSize = 50
                a1.sinks.k2.type = jdbc
                a1.sinks.k2.channel = c1
                a1.sinks.k2.url = %4$s
                a1.sinks.k2.user = %2$s
                a1.sinks.k2.password = %3$s
                a1.sinks.k2.table = landed_b
                a1.sinks.k2.createTable = true
                a1.sinks.k2.batchSize = 50
                """.formatted(AgentTestSupport.url(db, FAST_RECOVERY), db.user(), db.password(), db.jdbcUrl()));
        AtomicReference<URI> endpoint = new AtomicReference<>();
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicInteger retries = new AtomicInteger();
        Thread poster = new Thread(() -> post(endpoint, acknowledged, retries, posts, perPost), "test-poster");
        poster.setDaemon(true);
        try (ChildJvm agent = ChildJvm.start(AgentMain.class, "-n", "a1", "-f", config.toString())) {
            agent.awaitLine("agent a1 started", Duration.ofSeconds(60));
            endpoint.set(httpEndpoint(agent));
            poster.start();
            Await.until(() -> acknowledged.get() >= 15, Duration.ofSeconds(60),
                    () -> "posts acknowledged: " + acknowledged.get());
            endpoint.set(null);
            agent.kill();
        }
        int acknowledgedBeforeKill = acknowledged.get();
        try (ChildJvm agent = ChildJvm.start(AgentMain.class, "-n", "a1", "-f", config.toString())) {
            agent.awaitLine("agent a1 started", Duration.ofSeconds(60));
            endpoint.set(httpEndpoint(agent));
            poster.join(Duration.ofSeconds(120).toMillis());
            int total = posts * perPost;
            Await.until(() -> distinct(db, "landed_a") >= total && distinct(db, "landed_b") >= total,
                    Duration.ofSeconds(60), () -> "landed_a " + distinct(db, "landed_a") + ", landed_b "
                            + distinct(db, "landed_b") + " of " + total + "\n" + String.join("\n", agent.output()));
            long duplicatesA = rows(db, "landed_a") - total;
            long duplicatesB = rows(db, "landed_b") - total;
            System.out.printf("http crash test: %d events, %d posts acknowledged before the kill, %d posts retried,"
                    + " duplicates landed_a=%d landed_b=%d (bound: one post of %d + one sink batch of 50)%n", total,
                    acknowledgedBeforeKill, retries.get(), duplicatesA, duplicatesB, perPost);
            assertThat(distinct(db, "landed_a")).isEqualTo(total);
            assertThat(distinct(db, "landed_b")).isEqualTo(total);
            assertThat(duplicatesA).isLessThanOrEqualTo(perPost + 50);
            assertThat(duplicatesB).isLessThanOrEqualTo(perPost + 50);
        }
    }

    private static URI httpEndpoint(ChildJvm agent) {
        Pattern listening = Pattern.compile("http listening on [^:]+:(\\d+)");
        for (String line : agent.output()) {
            Matcher matcher = listening.matcher(line);
            if (matcher.find()) {
                return URI.create("http://127.0.0.1:" + matcher.group(1) + "/");
            }
        }
        throw new AssertionError("no 'http listening' line in " + agent.output());
    }

    /** Posts every batch until it is answered 200, retrying (against the current endpoint) otherwise. */
    private static void post(AtomicReference<URI> endpoint, AtomicInteger acknowledged, AtomicInteger retries,
                             int posts, int perPost) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        for (int post = 0; post < posts; post++) {
            StringBuilder json = new StringBuilder("[");
            for (int i = 0; i < perPost; i++) {
                int id = post * perPost + i;
                json.append(i == 0 ? "" : ",").append("{\"headers\":{\"id\":\"").append(id)
                        .append("\"},\"body\":\"post ").append(id).append("\"}");
            }
            String body = json.append(']').toString();
            boolean done = false;
            while (!done) {
                URI target = endpoint.get();
                if (target == null) {
                    LockSupport.parkNanos(Duration.ofMillis(5).toNanos()); // the agent is restarting
                    continue;
                }
                try {
                    HttpResponse<String> response = client.send(HttpRequest.newBuilder(target)
                            .timeout(Duration.ofSeconds(20))
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    done = response.statusCode() == 200;
                } catch (IOException e) {
                    done = false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (done) {
                    acknowledged.incrementAndGet();
                } else {
                    retries.incrementAndGet();
                }
            }
        }
    }

    private static long distinct(TestDatabase db, String table) {
        return count(db, "SELECT count(DISTINCT headers->>'id') FROM " + table);
    }

    private static long rows(TestDatabase db, String table) {
        return count(db, "SELECT count(*) FROM " + table);
    }

    private static long count(TestDatabase db, String sql) {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return 0;
            }
            throw new AssertionError(e);
        }
    }

    /** How often each line occurs. */
    private record Duplicates(int distinct, int duplicates) {
        static Duplicates of(List<String> lines) {
            Map<String, Integer> counts = new HashMap<>();
            lines.forEach(line -> counts.merge(line, 1, Integer::sum));
            return new Duplicates(counts.size(), lines.size() - counts.size());
        }
    }
}
