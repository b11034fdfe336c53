package dev.sluice.bench;

import dev.sluice.db.Database;
import dev.sluice.db.DatabaseConfig;
import dev.sluice.schema.SchemaMigration;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Flume comparison: events per second through {@code taildir -> channel -> file_roll} with 200-byte lines, for
 * the Sluice bridge (its channel a Sluice queue on the benchmark's durable embedded PostgreSQL) and Apache Flume
 * 1.11.0 with its memory channel and with its file channel, on the same input, one after another, each agent in a
 * child JVM of its own ({@code -Xmx1g}). Flume runs from {@code target/flume.classpath}, which the build writes
 * (Flume's jars are provided-scope dependencies of this module only, never of the product).
 *
 * <p>An iteration writes a warm-up input first, starts the agent and waits until the warm-up lines are out (so the
 * JIT compilers are done with the agent's hot paths: in a short run they took more CPU than the agent's own
 * threads); then it appends the measured input to the tailed file and watches the output folder's size every 10
 * ms. The figure is the measured events written between the first of their output bytes and the last, divided by
 * that time, so neither JVM start-up nor warm-up is counted. Afterwards the agent is stopped with SIGTERM and the
 * output is checked: exactly the input's bytes (no line lost, none twice). Run with {@code --help} for the options.
 */
public final class FlumeComparison {

    static final int LINE_BYTES = 200;
    private static final long POLL_MILLIS = 10;

    /** The compared systems, in the order they run. */
    enum Contender {
        SLUICE_BRIDGE("sluice-bridge", "Sluice bridge, jms channel (a Sluice queue, persistent, fsynced commits)"),
        FLUME_MEMORY("flume-memory", "Apache Flume 1.11.0, memory channel (capacity 100000)"),
        FLUME_FILE("flume-file", "Apache Flume 1.11.0, file channel (durable, fsync per transaction)");

        final String id;
        final String description;

        Contender(String id, String description) {
            this.id = id;
            this.description = description;
        }

        static Contender of(String id) {
            for (Contender system : values()) {
                if (system.id.equals(id)) {
                    return system;
                }
            }
            throw new IllegalArgumentException("--only: unknown system '" + id + "'; known: "
                    + Arrays.stream(values()).map(system -> system.id).toList());
        }
    }

    record Options(int lines, int warmupLines, int batch, int iterations, List<Contender> systems, Path workDir, Path resultsDir,
                   Duration timeout, boolean full, List<String> agentJvm) {
    }

    private final Options options;
    private final Map<Contender, List<Double>> rates = new LinkedHashMap<>();

    private FlumeComparison(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.print(usage());
            return;
        }
        new FlumeComparison(options).run();
    }

    static String usage() {
        return """
                Usage: FlumeComparison [options]
                  --quick             5000 lines, one iteration (a smoke run of a few seconds per system)
                  --lines N           measured input lines of 200 bytes per iteration (default 200000)
                  --warmup-lines N    lines through the agent before the measured ones (default 200000)
                  --batch N           batch size of source, channel transaction and sink (default 100, Flume's)
                  --iterations N      measured iterations per system; the table shows the median (default 3)
                  --only LIST         systems, comma-separated: sluice-bridge, flume-memory, flume-file
                  --work-dir DIR      inputs, outputs, agents' logs, PostgreSQL data (default target/flume-bench)
                  --results-dir DIR   where a full run's CSV goes (default results)
                  --agent-jvm OPTS    extra JVM options of the agents' child JVMs (a profiler, for instance)
                """;
    }

    static Options parse(String[] args) {
        int lines = 200_000;
        int warmupLines = 200_000;
        int batch = 100;
        int iterations = 3;
        List<Contender> systems = List.of(Contender.values());
        Path workDir = Path.of("target/flume-bench");
        Path resultsDir = Path.of("results");
        boolean quick = false;
        boolean defaults = true;
        List<String> agentJvm = List.of();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--help")) {
                return null;
            }
            if (option.equals("--quick")) {
                quick = true;
                defaults = false;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value\n" + usage());
            }
            String value = args[++i];
            switch (option) {
                case "--lines" -> lines = positive(option, value);
                case "--warmup-lines" -> warmupLines = positive(option, value);
                case "--batch" -> batch = positive(option, value);
                case "--iterations" -> iterations = positive(option, value);
                case "--only" -> systems = Arrays.stream(value.split(",")).map(String::trim).map(Contender::of).toList();
                case "--work-dir" -> workDir = Path.of(value);
                case "--results-dir" -> resultsDir = Path.of(value);
                case "--agent-jvm" -> agentJvm = Arrays.stream(value.trim().split("\\s+")).toList();
                default -> throw new IllegalArgumentException("Unknown option " + option + "\n" + usage());
            }
            if (!option.equals("--work-dir") && !option.equals("--results-dir") && !option.equals("--agent-jvm")) {
                defaults = false;
            }
        }
        if (quick) {
            lines = 5_000;
            warmupLines = 5_000;
            iterations = 1;
        }
        Duration timeout = Duration.ofSeconds(Math.max(120, (lines + warmupLines) / 500));
        return new Options(lines, warmupLines, batch, iterations, systems, workDir.toAbsolutePath(), resultsDir.toAbsolutePath(),
                timeout, defaults, agentJvm);
    }

    private static int positive(String option, String value) {
        try {
            int number = Integer.parseInt(value);
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " '" + value + "' must be a positive whole number");
    }

    private void run() throws Exception {
        Folders.deleteRecursively(options.workDir());
        Files.createDirectories(options.workDir());
        Path warmup = options.workDir().resolve("warmup.log");
        Path input = options.workDir().resolve("input.log");
        writeInput(warmup, 0, options.warmupLines());
        writeInput(input, options.warmupLines(), options.lines());
        System.out.printf("taildir -> channel -> file_roll: %d lines of %d bytes after %d warm-up lines, batch %d,"
                + " %d iteration(s) per system%n", options.lines(), LINE_BYTES, options.warmupLines(), options.batch(),
                options.iterations());
        BenchPostgres postgres = null;
        Database database = null;
        try {
            if (options.systems().contains(Contender.SLUICE_BRIDGE)) {
                postgres = BenchPostgres.start(options.workDir().resolve("postgres"));
                // Sluice's schema is migrated before the agent's first connection.
                SchemaMigration.migrate(postgres.jdbcUrl(), BenchPostgres.USER, null);
                database = Database.open(DatabaseConfig.builder().jdbcUrl(postgres.jdbcUrl())
                        .user(BenchPostgres.USER).poolSize(1).build());
            }
            for (Contender system : options.systems()) {
                System.out.println("== " + system.id + ": " + system.description);
                StatementProfile statements = system == Contender.SLUICE_BRIDGE && StatementProfile.ENABLED
                        ? new StatementProfile(postgres.jdbcUrl(), BenchPostgres.USER, null) : null;
                if (statements != null) {
                    statements.reset();
                }
                for (int iteration = 1; iteration <= options.iterations(); iteration++) {
                    double rate = iteration(system, iteration, warmup, input, postgres);
                    rates.computeIfAbsent(system, key -> new ArrayList<>()).add(rate);
                    System.out.printf(Locale.ROOT, "   iteration %d: %,.0f events/s%n", iteration, rate);
                }
                if (statements != null) {
                    statements.print();
                }
            }
        } finally {
            if (database != null) {
                database.close();
            }
            if (postgres != null) {
                postgres.close();
            }
        }
        report();
    }

    private double iteration(Contender system, int iteration, Path warmup, Path input, BenchPostgres postgres)
            throws IOException, InterruptedException {
        Path dir = options.workDir().resolve(system.id + "-" + iteration);
        Files.createDirectories(dir.resolve("input"));
        Files.createDirectories(dir.resolve("out"));
        Path tailed = dir.resolve("input/access.log");
        Files.copy(warmup, tailed);
        Path config = dir.resolve("agent.properties");
        Files.writeString(config, configuration(system, dir, postgres, iteration), StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xms256m", "-Xmx1g"));
        command.addAll(options.agentJvm());
        command.add("-cp");
        if (system == Contender.SLUICE_BRIDGE) {
            command.addAll(List.of(System.getProperty("java.class.path"), "dev.sluice.flume.AgentMain",
                    "-n", "a1", "-f", config.toString()));
        } else {
            command.addAll(List.of(flumeClasspath(), "org.apache.flume.node.Application", "-n", "a1", "-f",
                    config.toString(), "--no-reload-conf"));
        }
        Process agent = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("agent.log").toFile()).start();
        long warmedUp = (long) options.warmupLines() * LINE_BYTES;
        long expected = warmedUp + (long) options.lines() * LINE_BYTES;
        try {
            long deadline = System.nanoTime() + options.timeout().toNanos();
            awaitOutput(system, agent, dir, warmedUp, deadline);
            try (OutputStream out = Files.newOutputStream(tailed, StandardOpenOption.APPEND)) {
                Files.copy(input, out);
            }
            long[] first = awaitOutput(system, agent, dir, warmedUp + 1, deadline);
            long[] last = awaitOutput(system, agent, dir, expected, deadline);
            stop(agent);
            long written = outputBytes(dir.resolve("out"));
            if (written != expected) {
                throw new IllegalStateException(system.id + " wrote " + written + " bytes, expected exactly "
                        + expected + " (" + (options.warmupLines() + options.lines()) + " lines of " + LINE_BYTES
                        + "): lines lost or repeated");
            }
            double seconds = Math.max(last[0] - first[0], TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS)) / 1e9;
            return (expected - first[1]) / (double) LINE_BYTES / seconds;
        } finally {
            if (agent.isAlive()) {
                agent.destroyForcibly();
                agent.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Waits until the output holds at least {@code bytes}; returns when it saw that ({@link System#nanoTime}) and
     * how many bytes it saw then.
     */
    private long[] awaitOutput(Contender system, Process agent, Path dir, long bytes, long deadline)
            throws IOException, InterruptedException {
        long seen = outputBytes(dir.resolve("out"));
        while (seen < bytes) {
            if (!agent.isAlive()) {
                throw new IllegalStateException(system.id + " agent exited with " + agent.exitValue() + " after "
                        + seen + " bytes, waiting for " + bytes + "; see " + dir.resolve("agent.log"));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(system.id + " wrote " + seen + " bytes, waiting for " + bytes
                        + ", in " + options.timeout().toSeconds() + " s; see " + dir.resolve("agent.log"));
            }
            Thread.sleep(POLL_MILLIS);
            seen = outputBytes(dir.resolve("out"));
        }
        return new long[] {System.nanoTime(), seen};
    }

    private static void stop(Process agent) throws InterruptedException {
        agent.destroy(); // SIGTERM: both agents stop cleanly on it
        if (!agent.waitFor(60, TimeUnit.SECONDS)) {
            agent.destroyForcibly();
            agent.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** The same agent for every system; only the channel differs. */
    private String configuration(Contender system, Path dir, BenchPostgres postgres, int iteration) {
        String common = """
                a1.sources = r1
                a1.channels = c1
                a1.sinks = k1
                a1.sources.r1.type = %1$s
                a1.sources.r1.channels = c1
                a1.sources.r1.filegroups = f1
                a1.sources.r1.filegroups.f1 = %2$s/input/access\\\\.log
                a1.sources.r1.positionFile = %2$s/taildir_position.json
                a1.sources.r1.batchSize = %3$d
                a1.sinks.k1.type = file_roll
                a1.sinks.k1.channel = c1
                a1.sinks.k1.sink.directory = %2$s/out
                a1.sinks.k1.sink.rollInterval = 0
                a1.sinks.k1.sink.batchSize = %3$d
                """.formatted(system == Contender.SLUICE_BRIDGE ? "taildir" : "TAILDIR", dir, options.batch());
        String channel = switch (system) {
            case SLUICE_BRIDGE -> """
                    a1.channels.c1.type = jms
                    a1.channels.c1.url = %s
                    a1.channels.c1.user = %s
                    a1.channels.c1.destination = queue://bench.flume.%d.%d
                    """.formatted(postgres.jdbcUrl(), BenchPostgres.USER, ProcessHandle.current().pid(), iteration);
            case FLUME_MEMORY -> """
                    a1.channels.c1.type = memory
                    a1.channels.c1.capacity = 100000
                    a1.channels.c1.transactionCapacity = %d
                    """.formatted(Math.max(100, options.batch()));
            case FLUME_FILE -> """
                    a1.channels.c1.type = file
                    a1.channels.c1.checkpointDir = %1$s/checkpoint
                    a1.channels.c1.dataDirs = %1$s/data
                    a1.channels.c1.transactionCapacity = %2$d
                    """.formatted(dir, Math.max(100, options.batch()));
        };
        return common + channel;
    }

    private static String flumeClasspath() throws IOException {
        Path file = Path.of("target/flume.classpath");
        if (!Files.exists(file)) {
            throw new IllegalStateException(file.toAbsolutePath() + " is missing: build the bench module first"
                    + " (mvn -DskipTests install), which writes Flume's class path there");
        }
        return Files.readString(file, StandardCharsets.UTF_8).trim();
    }

    /**
     * {@code lines} lines of exactly {@link #LINE_BYTES} bytes (with the newline), numbered from {@code first}, so
     * unique.
     */
    static void writeInput(Path file, int first, int lines) throws IOException {
        String filler = "x".repeat(LINE_BYTES - 12);
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            for (int i = first; i < first + lines; i++) {
                out.write(String.format(Locale.ROOT, "%010d %s%n", i, filler).getBytes(StandardCharsets.US_ASCII));
            }
        }
        if (Files.size(file) != (long) lines * LINE_BYTES) {
            throw new IllegalStateException("Input " + file + " has " + Files.size(file) + " bytes, expected "
                    + (long) lines * LINE_BYTES);
        }
    }

    private static long outputBytes(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            long total = 0;
            for (Path file : files.toList()) {
                try {
                    total += Files.size(file);
                } catch (java.nio.file.NoSuchFileException e) {
                    // renamed between listing and reading; counted at the next poll
                }
            }
            return total;
        }
    }

    private void report() throws IOException {
        Map<Contender, Double> medians = new LinkedHashMap<>();
        rates.forEach((system, values) -> {
            List<Double> sorted = values.stream().sorted().toList();
            medians.put(system, sorted.get(sorted.size() / 2));
        });
        Double sluice = medians.get(Contender.SLUICE_BRIDGE);
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "%n%-14s | %12s | %s%n", "system", "events/s", "sluice-bridge / system"));
        table.append("-".repeat(15)).append('+').append("-".repeat(14)).append('+').append("-".repeat(24)).append('\n');
        medians.forEach((system, rate) -> table.append(String.format(Locale.ROOT, "%-14s | %,12.0f | %s%n",
                system.id, rate, sluice == null || system == Contender.SLUICE_BRIDGE ? ""
                        : String.format(Locale.ROOT, "%.2f", sluice / rate))));
        System.out.print(table);
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
                .format(ZonedDateTime.now(ZoneOffset.UTC));
        Path csv = (options.full() ? options.resultsDir() : options.workDir().resolve("results"))
                .resolve("flume-" + stamp + (options.full() ? "" : "-partial") + ".csv");
        Files.createDirectories(csv.getParent());
        StringBuilder lines = new StringBuilder();
        lines.append("# taildir -> channel -> file_roll; lines=").append(options.lines()).append(" warmup_lines=")
                .append(options.warmupLines()).append(" bytes=").append(LINE_BYTES).append(" batch=").append(options.batch()).append(" cpus=")
                .append(Runtime.getRuntime().availableProcessors()).append(" java=")
                .append(System.getProperty("java.runtime.version")).append('\n');
        lines.append("system,iteration,events_per_second\n");
        rates.forEach((system, values) -> {
            for (int i = 0; i < values.size(); i++) {
                lines.append(system.id).append(',').append(i + 1).append(',')
                        .append(String.format(Locale.ROOT, "%.0f", values.get(i))).append('\n');
            }
        });
        Files.writeString(csv, lines, StandardCharsets.UTF_8);
        System.out.println("CSV: " + csv);
    }
}
