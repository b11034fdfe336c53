package dev.sluice.examples.flume;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.db.Database;
import dev.sluice.db.DatabaseConfig;
import dev.sluice.flume.Agent;
import dev.sluice.flume.AgentConfiguration;
import dev.sluice.flume.sources.HttpSource;
import dev.sluice.flume.sources.SyslogTcpSource;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Log ingestion through the Flume bridge, in one program: a web server's access log (taildir), a syslog stream
 * (syslogtcp) and social-media-style JSON posts from a small generator (http, Flume's JSON format) go into one
 * Sluice topic; two sinks read the topic, each through its own durable subscription: rolling files bucketed by
 * stream and day (the hdfs sink on the local file system) and a PostgreSQL table (the jdbc sink). Then SQL queries
 * over the landed rows.
 *
 * <p>{@code main} starts Sluice's embedded PostgreSQL (data in {@code WORK_DIR/postgres}; {@code WORK_DIR} is the
 * first argument, default {@code log-ingest}); {@link #run} takes any PostgreSQL. Each run starts from empty
 * files and an empty table.
 */
public final class LogIngestExample {

    static final String TABLE = "examples_landed";
    static final int ACCESS_LINES = 12;
    static final int SYSLOG_LINES = 8;
    static final int POSTS = 10;
    static final int EVENTS = ACCESS_LINES + SYSLOG_LINES + POSTS;

    /** The agent, as a user would write it in agent.properties; ${...} come from the program, not the shell. */
    static final String AGENT = """
            ingest.sources = weblog syslog posts
            ingest.channels = events
            ingest.sinks = files table

            ingest.sources.weblog.type = taildir
            ingest.sources.weblog.filegroups = access
            ingest.sources.weblog.filegroups.access = ${WORK_DIR}/logs/access\\\\.log
            ingest.sources.weblog.headers.access.stream = access
            ingest.sources.weblog.positionFile = ${WORK_DIR}/taildir_position.json
            ingest.sources.weblog.channels = events

            ingest.sources.syslog.type = syslogtcp
            ingest.sources.syslog.host = 127.0.0.1
            ingest.sources.syslog.port = 0
            ingest.sources.syslog.interceptors = tag
            ingest.sources.syslog.interceptors.tag.type = static
            ingest.sources.syslog.interceptors.tag.key = stream
            ingest.sources.syslog.interceptors.tag.value = syslog
            ingest.sources.syslog.channels = events

            ingest.sources.posts.type = http
            ingest.sources.posts.bind = 127.0.0.1
            ingest.sources.posts.port = 0
            ingest.sources.posts.interceptors = tag
            ingest.sources.posts.interceptors.tag.type = static
            ingest.sources.posts.interceptors.tag.key = stream
            ingest.sources.posts.interceptors.tag.value = posts
            ingest.sources.posts.channels = events

            ingest.channels.events.type = jms
            ingest.channels.events.url = ${DB_URL}
            ingest.channels.events.user = ${DB_USER}
            ingest.channels.events.password = ${DB_PASSWORD}
            ingest.channels.events.destination = topic://examples.ingest

            ingest.sinks.files.type = hdfs
            ingest.sinks.files.channel = events
            ingest.sinks.files.hdfs.path = ${WORK_DIR}/landed/%{stream}/%Y-%m-%d
            ingest.sinks.files.hdfs.filePrefix = events
            ingest.sinks.files.hdfs.fileSuffix = .log
            ingest.sinks.files.hdfs.useLocalTimeStamp = true
            ingest.sinks.files.hdfs.rollCount = 5
            ingest.sinks.files.hdfs.rollSize = 0
            ingest.sinks.files.hdfs.batchSize = 10

            ingest.sinks.table.type = jdbc
            ingest.sinks.table.channel = events
            ingest.sinks.table.url = ${DB_URL}
            ingest.sinks.table.user = ${DB_USER}
            ingest.sinks.table.password = ${DB_PASSWORD}
            ingest.sinks.table.table = examples_landed
            ingest.sinks.table.createTable = true
            ingest.sinks.table.batchSize = 10
            """;

    private static final String[] QUERIES = {
            """
            select headers->>'stream' as stream, count(*) as events,
                   count(distinct coalesce(headers->>'host', headers->>'user', split_part(body, ' ', 1))) as origins
              from examples_landed group by 1 order by 1""",
            """
            select split_part(split_part(body, '" ', 2), ' ', 1) as http_status, count(*) as requests
              from examples_landed where headers->>'stream' = 'access' group by 1 order by 1""",
            """
            select lower(tag[1]) as hashtag, count(*) as posts
              from examples_landed, regexp_matches(body, '#(\\w+)', 'g') as tag
             where headers->>'stream' = 'posts' group by 1 order by 2 desc, 1 limit 3"""};

    private LogIngestExample() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        Path workDir = Path.of(args.length > 0 ? args[0] : "log-ingest").toAbsolutePath();
        System.out.println("Starting embedded PostgreSQL with data in " + workDir.resolve("postgres"));
        try (Database database = Database.open(DatabaseConfig.builder()
                .embedded(workDir.resolve("postgres"), 0).build())) {
            run(workDir, database.jdbcUrl(), database.user(), null, System.out);
        }
    }

    /**
     * Runs the example against the PostgreSQL at {@code jdbcUrl} (Sluice's schema there is created if missing),
     * in {@code workDir}, printing to {@code out}. Returns the number of rows landed in the table.
     */
    public static long run(Path workDir, String jdbcUrl, String user, String password, PrintStream out)
            throws IOException, SQLException, InterruptedException {
        for (String folder : List.of("logs", "landed")) {
            deleteRecursively(workDir.resolve(folder));
        }
        Files.deleteIfExists(workDir.resolve("taildir_position.json"));
        Files.createDirectories(workDir.resolve("logs"));
        try (Connection sql = DriverManager.getConnection(jdbcUrl, user, password);
             Statement statement = sql.createStatement()) {
            statement.execute("drop table if exists " + TABLE);
        }
        Path accessLog = workDir.resolve("logs/access.log");
        Files.write(accessLog, accessLog(ACCESS_LINES), StandardCharsets.UTF_8);
        out.println("Wrote " + ACCESS_LINES + " lines to " + accessLog);

        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("WORK_DIR", workDir.toString());
        variables.put("DB_URL", jdbcUrl);
        if (user != null) {
            variables.put("DB_USER", user);
        }
        if (password != null) {
            variables.put("DB_PASSWORD", password);
        }
        // Without a user or password the keys are left out, as a user would (the embedded server needs none).
        String text = AGENT.lines()
                .filter(line -> user != null || !line.contains("${DB_USER}"))
                .filter(line -> password != null || !line.contains("${DB_PASSWORD}"))
                .reduce("", (all, line) -> all + line + "\n");
        Agent agent = Agent.create(AgentConfiguration.parse("ingest", properties(text), variables::get));
        agent.start();
        try {
            int syslogPort = ((SyslogTcpSource) agent.source("syslog")).boundPorts().get(0);
            int httpPort = ((HttpSource) agent.source("posts")).port();
            out.println("Agent 'ingest' started: taildir on " + accessLog.getFileName() + ", syslog on tcp/"
                    + syslogPort + ", http on :" + httpPort + " -> topic examples.ingest -> files + table");
            sendSyslog(syslogPort);
            out.println("Sent " + SYSLOG_LINES + " syslog messages (RFC 5424 and RFC 3164)");
            List<Integer> statuses = postPosts(httpPort);
            out.println("Posted " + POSTS + " generated posts in " + statuses.size() + " requests, answered "
                    + statuses);
            awaitLanded(workDir, jdbcUrl, user, password);
        } finally {
            agent.stop();
        }
        out.println("Both sinks landed every event; agent stopped (files rolled, subscriptions drained)");
        out.println();
        out.println("Files:");
        for (Map.Entry<String, int[]> bucket : fileBuckets(workDir.resolve("landed")).entrySet()) {
            out.println("  landed/" + bucket.getKey() + ": " + bucket.getValue()[0] + " files, "
                    + bucket.getValue()[1] + " lines");
        }
        out.println();
        long rows;
        try (Connection sql = DriverManager.getConnection(jdbcUrl, user, password);
             Statement statement = sql.createStatement()) {
            rows = count(statement);
            out.println("Table " + TABLE + ": " + rows + " rows");
            for (String query : QUERIES) {
                out.println();
                out.println(query.lines().map(line -> "sql> " + line).reduce((a, b) -> a + "\n" + b).orElse(""));
                try (ResultSet result = statement.executeQuery(query)) {
                    printTable(result, out);
                }
            }
        }
        return rows;
    }

    /** Combined-log-format lines of a small shop, the same on every run. */
    static List<String> accessLog(int count) {
        String[] paths = {"/", "/products", "/products/42", "/cart", "/checkout", "/api/orders"};
        int[] statuses = {200, 200, 304, 200, 404, 200, 500, 200, 200, 301, 200, 404};
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add(String.format("203.0.113.%d - - [12/Mar/2025:10:15:%02d +0000] \"GET %s HTTP/1.1\" %d %d"
                            + " \"-\" \"Mozilla/5.0\"", 10 + i % 4, i, paths[i % paths.length],
                    statuses[i % statuses.length], 512 + 97 * i));
        }
        return lines;
    }

    private static void sendSyslog(int port) throws IOException {
        String[] lines = {
                "<34>1 2025-03-12T10:15:03Z web-1 sshd 4242 AUTH - Failed password for root from 198.51.100.4",
                "<13>Mar 12 10:15:04 web-2 cron[77]: (root) CMD (run-parts /etc/cron.hourly)",
                "<165>1 2025-03-12T10:15:05.120Z web-1 nginx 811 - - upstream timed out (110) reading response",
                "<11>Mar 12 10:15:06 db-1 postgres[901]: could not receive data from client: reset by peer",
                "<86>1 2025-03-12T10:15:07Z web-2 sudo 5150 - - pam_unix(sudo:session): session opened",
                "<30>Mar 12 10:15:08 web-1 systemd[1]: Started Daily apt upgrade and clean activities.",
                "<14>1 2025-03-12T10:15:09Z db-1 backup 3003 - - base backup finished, 1.2 GB",
                "<12>Mar 12 10:15:10 web-2 kernel: TCP: request_sock_TCP: Possible SYN flooding on port 443."};
        try (Socket socket = new Socket("127.0.0.1", port); OutputStream stream = socket.getOutputStream()) {
            stream.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
            stream.flush();
        }
    }

    /** Generated posts, as a stream of tweets would arrive; POSTed in two batches in Flume's JSON format. */
    private static List<Integer> postPosts(int port) throws IOException, InterruptedException {
        Random random = new Random(14);
        String[] users = {"@ana", "@bo", "@chen", "@dara"};
        String[] texts = {"Shipping logs through a JMS topic now", "Our nightly batch finished early",
                "Anyone else replacing a memory channel?", "Postgres as a broker, who knew",
                "Rotated logs, nothing lost"};
        String[] tags = {"#postgres", "#logs", "#jms", "#flume"};
        ObjectMapper json = new ObjectMapper();
        HttpClient http = HttpClient.newHttpClient();
        List<Integer> statuses = new ArrayList<>();
        for (int request = 0; request < 2; request++) {
            List<Map<String, Object>> events = new ArrayList<>();
            for (int i = 0; i < POSTS / 2; i++) {
                String text = texts[random.nextInt(texts.length)] + " " + tags[random.nextInt(tags.length)]
                        + (random.nextBoolean() ? " " + tags[random.nextInt(tags.length)] : "");
                events.add(Map.of("headers", Map.of("user", users[random.nextInt(users.length)], "lang", "en"),
                        "body", text));
            }
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port))
                            .header("Content-Type", "application/json; charset=UTF-8")
                            .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(events))).build(),
                    HttpResponse.BodyHandlers.ofString());
            statuses.add(response.statusCode());
        }
        return statuses;
    }

    /** Polls (an example program, not a test) until both sinks hold every event, for at most a minute. */
    private static void awaitLanded(Path workDir, String jdbcUrl, String user, String password)
            throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        try (Connection sql = DriverManager.getConnection(jdbcUrl, user, password);
             Statement statement = sql.createStatement()) {
            while (true) {
                long rows = tableExists(statement) ? count(statement) : 0;
                long lines = fileLines(workDir.resolve("landed"));
                if (rows >= EVENTS && lines >= EVENTS) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("After 60 s the sinks hold " + rows + " rows and " + lines
                            + " file lines of " + EVENTS + " events");
                }
                Thread.sleep(100);
            }
        }
    }

    private static boolean tableExists(Statement statement) throws SQLException {
        try (ResultSet result = statement.executeQuery("select to_regclass('" + TABLE + "') is not null")) {
            result.next();
            return result.getBoolean(1);
        }
    }

    private static long count(Statement statement) throws SQLException {
        try (ResultSet result = statement.executeQuery("select count(*) from " + TABLE)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static long fileLines(Path directory) {
        return fileBuckets(directory).values().stream().mapToLong(bucket -> bucket[1]).sum();
    }

    /**
     * Files and lines per bucket folder (relative to {@code directory}), in use or rolled. The sink renames an in-use
     * file when it rolls it, possibly between listing and reading it; the count is then taken again.
     */
    private static Map<String, int[]> fileBuckets(Path directory) {
        for (int attempt = 1; ; attempt++) {
            try {
                return fileBucketsOnce(directory);
            } catch (UncheckedIOException e) {
                if (!(e.getCause() instanceof java.nio.file.NoSuchFileException) || attempt == 10) {
                    throw e;
                }
            }
        }
    }

    private static Map<String, int[]> fileBucketsOnce(Path directory) {
        Map<String, int[]> buckets = new TreeMap<>();
        if (!Files.isDirectory(directory)) {
            return buckets;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String bucket = directory.relativize(file.getParent()).toString();
                String content = Files.readString(file, StandardCharsets.UTF_8);
                int[] figures = buckets.computeIfAbsent(bucket, key -> new int[2]);
                figures[0]++;
                figures[1] += content.isEmpty() ? 0 : content.split("\n").length;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + directory, e);
        }
        return buckets;
    }

    private static void printTable(ResultSet result, PrintStream out) throws SQLException {
        ResultSetMetaData columns = result.getMetaData();
        List<String[]> rows = new ArrayList<>();
        String[] header = new String[columns.getColumnCount()];
        for (int i = 0; i < header.length; i++) {
            header[i] = columns.getColumnLabel(i + 1);
        }
        rows.add(header);
        while (result.next()) {
            String[] row = new String[header.length];
            for (int i = 0; i < row.length; i++) {
                row[i] = String.valueOf(result.getString(i + 1));
            }
            rows.add(row);
        }
        int[] widths = new int[header.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            StringBuilder line = new StringBuilder(" ");
            for (int i = 0; i < header.length; i++) {
                line.append(i == 0 ? "" : " | ").append(String.format("%-" + widths[i] + "s", rows.get(r)[i]));
            }
            out.println(line.toString().stripTrailing());
            if (r == 0) {
                StringBuilder rule = new StringBuilder("-");
                for (int i = 0; i < widths.length; i++) {
                    rule.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
                }
                out.println(rule);
            }
        }
        out.println("(" + (rows.size() - 1) + " rows)");
    }

    private static Map<String, String> properties(String text) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> map = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(key -> map.put(key, properties.getProperty(key)));
        return map;
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        Files.walkFileTree(directory, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
