package dev.sluice.flume;

import static dev.sluice.flume.AgentTestSupport.lines;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.sluice.testing.Await;
import dev.sluice.testing.PostgresExtension;
import dev.sluice.testing.TestDatabase;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** jdbc, hdfs-style, jms, http, logger and null sinks, fed by a seq source through a queue. */
@ExtendWith(PostgresExtension.class)
class SinksTest {

    private static String agent(String queue, int events, String sinkKeys) {
        StringBuilder text = new StringBuilder("""
                a1.sources = r1
                a1.channels = c1
                a1.sinks = k1
                a1.sources.r1.type = seq
                a1.sources.r1.totalEvents = %2$d
                a1.sources.r1.batchSize = 10
                a1.sources.r1.channels = c1
                a1.sources.r1.interceptors = ts
                a1.sources.r1.interceptors.ts.type = timestamp
                a1.channels.c1.type = jms
                a1.channels.c1.url = ${DB_URL}
                a1.channels.c1.user = ${DB_USER}
                a1.channels.c1.password = ${DB_PASSWORD}
                a1.channels.c1.destination = queue://%1$s
                a1.sinks.k1.channel = c1
                """.formatted(queue, events));
        for (String line : sinkKeys.split("\n")) {
            text.append("a1.sinks.k1.").append(line.trim()).append('\n');
        }
        return text.toString();
    }

    private static long query(TestDatabase db, String sql) {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    @Test
    void jdbcSinkInsertsHeadersAsJsonbAndBodiesAsText(TestDatabase db) {
        Agent agent = AgentTestSupport.start("a1", agent("sink.jdbc", 25, "type = jdbc\nurl = " + db.jdbcUrl()
                + "\nuser = " + db.user() + "\npassword = " + db.password() + "\ntable = public.events\n"
                + "createTable = true\nbatchSize = 10"), db);
        try {
            Await.until(() -> query(db, "SELECT count(*) FROM public.events") == 25, Duration.ofSeconds(30),
                    () -> "rows: " + query(db, "SELECT count(*) FROM public.events"));
            assertThat(query(db, "SELECT count(*) FROM public.events WHERE (headers->>'timestamp')::bigint > 0"
                    + " AND body ~ '^[0-9]+$'")).isEqualTo(25);
        } finally {
            agent.stop();
        }
    }

    @Test
    void hdfsStyleSinkBucketsByTimeEscapesAndRollsByCount(TestDatabase db, @TempDir Path dir) throws IOException {
        Agent agent = AgentTestSupport.start("a1", agent("sink.hdfs", 25, "type = hdfs\nhdfs.path = file://" + dir
                + "/%Y-%m-%d/%H\nhdfs.filePrefix = events-%{missing}\nhdfs.fileSuffix = .log\nhdfs.rollCount = 10\n"
                + "hdfs.rollSize = 0\nhdfs.rollInterval = 0\nhdfs.batchSize = 10\nhdfs.idleTimeout = 1"), db);
        try {
            Await.until(() -> completed(dir).size() == 3, Duration.ofSeconds(30), () -> "files: " + all(dir));
            assertThat(lines(dir)).hasSize(25);
            assertThat(completed(dir)).allSatisfy(file -> {
                assertThat(file.getFileName().toString()).matches("events-\\.\\d+\\.log");
                assertThat(file.getParent().getFileName().toString()).matches("\\d\\d");
                assertThat(file.getParent().getParent().getFileName().toString()).matches("\\d{4}-\\d\\d-\\d\\d");
            });
        } finally {
            agent.stop();
        }
    }

    private static List<Path> completed(Path dir) {
        return all(dir).stream().filter(path -> path.toString().endsWith(".log")).toList();
    }

    private static List<Path> all(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    @Test
    void jmsSinkForwardsAndJmsSourceReadsAnotherDestination(TestDatabase db, @TempDir Path dir) {
        Agent forwarder = AgentTestSupport.start("a1", agent("sink.jms.in", 30, "type = jms\nurl = ${DB_URL}\n"
                + "user = ${DB_USER}\npassword = ${DB_PASSWORD}\ndestination = queue://sink.jms.out"), db);
        String reader = """
                a2.sources = r1
                a2.channels = c1
                a2.sinks = k1
                a2.sources.r1.type = jms
                a2.sources.r1.url = ${DB_URL}
                a2.sources.r1.user = ${DB_USER}
                a2.sources.r1.password = ${DB_PASSWORD}
                a2.sources.r1.destinationName = sink.jms.out
                a2.sources.r1.destinationType = queue
                a2.sources.r1.channels = c1
                a2.channels.c1.type = jms
                a2.channels.c1.url = ${DB_URL}
                a2.channels.c1.user = ${DB_USER}
                a2.channels.c1.password = ${DB_PASSWORD}
                a2.channels.c1.destination = queue://sink.jms.landed
                a2.sinks.k1.type = file_roll
                a2.sinks.k1.channel = c1
                a2.sinks.k1.sink.directory = %s
                """.formatted(dir);
        Agent landing = AgentTestSupport.start("a2", reader, db);
        try {
            Await.until(() -> lines(dir).size() >= 30, Duration.ofSeconds(30), () -> "lines " + lines(dir).size());
            assertThat(lines(dir)).hasSize(30).doesNotHaveDuplicates();
        } finally {
            forwarder.stop();
            landing.stop();
        }
    }

    @Test
    void jmsSourceAcceptsFlumesOwnKeyNamesWithThePasswordFromAFile(TestDatabase db, @TempDir Path dir)
            throws IOException {
        Agent forwarder = AgentTestSupport.start("a1", agent("flume.keys.in", 25, "type = jms\nurl = ${DB_URL}\n"
                + "user = ${DB_USER}\npassword = ${DB_PASSWORD}\ndestination = queue://flume.keys.out"), db);
        Path passwordFile = dir.resolve("jms.password");
        Files.writeString(passwordFile, db.password() + "\n", StandardCharsets.UTF_8);
        Path landed = dir.resolve("landed");
        // The JMS source block as the Flume user guide writes it, with Sluice's JNDI context factory.
        String reader = """
                a2.sources = r1
                a2.channels = c1
                a2.sinks = k1
                a2.sources.r1.type = jms
                a2.sources.r1.channels = c1
                a2.sources.r1.initialContextFactory = dev.sluice.jms.jndi.SluiceInitialContextFactory
                a2.sources.r1.providerURL = ${DB_URL}
                a2.sources.r1.connectionFactory = ConnectionFactory
                a2.sources.r1.userName = ${DB_USER}
                a2.sources.r1.passwordFile = %s
                a2.sources.r1.destinationName = flume.keys.out
                a2.sources.r1.destinationType = QUEUE
                a2.sources.r1.batchSize = 10
                a2.channels.c1.type = jms
                a2.channels.c1.url = ${DB_URL}
                a2.channels.c1.user = ${DB_USER}
                a2.channels.c1.password = ${DB_PASSWORD}
                a2.channels.c1.destination = queue://flume.keys.landed
                a2.sinks.k1.type = file_roll
                a2.sinks.k1.channel = c1
                a2.sinks.k1.sink.directory = %s
                """.formatted(passwordFile, landed);
        Agent landing = AgentTestSupport.start("a2", reader, db);
        try {
            Await.until(() -> lines(landed).size() >= 25, Duration.ofSeconds(30),
                    () -> "lines " + lines(landed).size());
            assertThat(lines(landed)).hasSize(25).doesNotHaveDuplicates();
            assertThat(landing.counters().get("SOURCE.r1").get(Counters.EVENT_ACCEPTED)).isEqualTo(25);
        } finally {
            forwarder.stop();
            landing.stop();
        }
    }

    @Test
    void httpSinkPostsBatchesAndRetriesWhenRefused(TestDatabase db) throws IOException {
        List<String> bodies = new CopyOnWriteArrayList<>();
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            boolean refuse = requests.incrementAndGet() == 1;
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (!refuse) {
                bodies.add(body);
            }
            exchange.sendResponseHeaders(refuse ? 500 : 200, -1);
            exchange.close();
        });
        server.start();
        Agent agent = AgentTestSupport.start("a1", agent("sink.http", 20, "type = http\nendpoint = http://127.0.0.1:"
                + server.getAddress().getPort() + "/\nbatchSize = 10"), db);
        try {
            Await.until(() -> bodies.stream().mapToInt(body -> body.split("\"body\"").length - 1).sum() >= 20,
                    Duration.ofSeconds(30), () -> "bodies: " + bodies);
            assertThat(bodies.get(0)).startsWith("[{\"headers\":{\"timestamp\":");
            assertThat(requests.get()).isGreaterThan(bodies.size());
        } finally {
            agent.stop();
            server.stop(0);
        }
    }

    @Test
    void loggerAndNullSinksDrainTheChannel(TestDatabase db) {
        for (String type : List.of("logger", "null")) {
            Agent agent = AgentTestSupport.start("a1", agent("sink." + type, 15, "type = " + type), db);
            try {
                Await.until(() -> agent.counters().get("SINK.k1").get(Counters.DRAIN_SUCCESS) == 15,
                        Duration.ofSeconds(30), () -> agent.countersJson());
                assertThat(agent.counters().get("CHANNEL.c1").get(Counters.PUT_SUCCESS)).isEqualTo(15);
            } finally {
                agent.stop();
            }
        }
    }
}
