package dev.sluice.bench;

import dev.sluice.db.Database;
import dev.sluice.db.DatabaseConfig;
import dev.sluice.schema.SchemaMigration;
import jakarta.jms.Connection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The benchmark program: measures Sluice, ActiveMQ Artemis (JDBC store on the same PostgreSQL, default file
 * journal, tuned file journal) and the raw PostgreSQL ceiling on one machine in one run, prints one table of
 * medians with Sluice's ratios to each, and writes it as CSV. Run with {@code --help} for the options.
 *
 * <p>Systems run one after another, never together: the raw ceiling first on the fresh database, then Sluice,
 * then each Artemis broker, started and stopped in turn. Everything the run starts (embedded PostgreSQL, brokers,
 * connections, threads) is stopped before the program exits.
 */
public final class BenchMain {

    private static final Logger LOG = LoggerFactory.getLogger(BenchMain.class);
    private static final List<Column> ORDER = List.of(Column.PG_CEILING, Column.SLUICE, Column.ARTEMIS_JDBC,
            Column.ARTEMIS_JOURNAL, Column.ARTEMIS_TUNED);

    private final BenchOptions options;
    private final Results results = new Results();
    private final String runId = Long.toString(System.currentTimeMillis() / 1000 % 1_000_000_000L, 36);
    private volatile BenchPostgres postgres;
    private volatile Database database;
    private final AtomicBoolean databaseClosed = new AtomicBoolean();

    private BenchMain(BenchOptions options) {
        this.options = options;
    }

    public static void main(String[] args) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.print(BenchOptions.usage());
            return;
        }
        int status;
        try {
            status = new BenchMain(options).run();
        } catch (Exception e) {
            LOG.error("The benchmark stopped", e);
            status = 1;
        }
        exit(status);
    }

    private int run() throws Exception {
        long started = System.nanoTime();
        BenchMain self = this;
        Thread hook = new Thread(self::closeDatabase, "bench | shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        ScaleResults scale = new ScaleResults();
        try {
            if (options.scale()) {
                runScale(scale);
            } else {
                runSystems();
            }
        } finally {
            closeDatabase();
            ActiveMQClient.clearThreadPools(10, TimeUnit.SECONDS);
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        results.fact("run took", took.toSeconds() + " s");
        if (options.scale()) {
            return reportScale(scale, took);
        }
        Set<Workload> workloads = options.workloads();
        System.out.println();
        System.out.println(ResultTable.render(results, workloads));
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
                .format(ZonedDateTime.now(ZoneOffset.UTC));
        Path csv = ResultTable.writeCsv(results, workloads,
                options.csvDirectory().resolve("bench-" + stamp + (options.full() ? "" : "-partial") + ".csv"));
        System.out.println("CSV: " + csv + " (run took " + took.toSeconds() + " s)");
        return 0;
    }

    private void runSystems() throws Exception {
        long bufferTimeout = prepare();

        Set<Column> systems = options.systems();
        if (systems.contains(Column.SLUICE) || systems.contains(Column.ARTEMIS_JDBC)
                || systems.contains(Column.PG_CEILING)) {
            openDatabase();
        }
        for (Column column : ORDER) {
            if (!systems.contains(column)) {
                continue;
            }
            long systemStarted = System.nanoTime();
            switch (column) {
                case PG_CEILING -> {
                    if (options.workloads().stream().anyMatch(Workload::isCeiling)) {
                        System.out.println("== pg-ceiling: " + column.description);
                        new PostgresCeiling(database.jdbcUrl(), database.user(), options.password())
                                .runAll(results, options);
                    }
                }
                case SLUICE -> {
                    if (!BenchOptions.jmsWorkloads(options.workloads()).isEmpty()
                            || BenchOptions.anySluiceOnly(options.workloads())) {
                        try (SluiceTarget sluice = new SluiceTarget(database.jdbcUrl(), database.user(),
                                options.password())) {
                            String version = providerVersion(sluice);
                            results.fact("sluice", version + " (default settings: 4 partitions, prefetch 100,"
                                    + " pool 16)");
                            System.out.println("== sluice: Sluice " + version + " on " + database.jdbcUrl());
                            StatementProfile profile = new StatementProfile(database.jdbcUrl(), database.user(),
                                    options.password());
                            if (StatementProfile.ENABLED) {
                                profile.reset();
                            }
                            new JmsWorkloads(sluice, runId, latencyGrace()).runAll(results, options);
                            new JoinedWorkloads(sluice, database.jdbcUrl(), database.user(), options.password(),
                                    runId, latencyGrace()).runAll(results, options);
                            if (StatementProfile.ENABLED) {
                                profile.print();
                            }
                        }
                    }
                }
                default -> {
                    if (!BenchOptions.jmsWorkloads(options.workloads()).isEmpty()) {
                        runArtemis(ArtemisTarget.Variant.of(column), bufferTimeout);
                    }
                }
            }
            System.out.printf("   (%s took %d s)%n", column.id,
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - systemStarted));
        }
    }

    /** Facts, an empty work folder, the fsync probe; returns the tuned journal's buffer timeout (ns). */
    private long prepare() throws IOException {
        facts();
        Folders.deleteRecursively(options.workDir());
        Files.createDirectories(options.workDir());
        FsyncProbe.Result fsync = FsyncProbe.measure(options.workDir(),
                Duration.ofMillis(options.quick() ? 500 : 2000));
        System.out.println("fsync of this disk (4 KiB write + fdatasync in " + options.workDir() + "): " + fsync);
        results.fact("fsync (4 KiB write + fdatasync)", fsync.toString());
        long bufferTimeout = fsync.medianNanos();
        results.fact("artemis-tuned journal buffer timeout", bufferTimeout / 1000 + " us (the median fsync)");
        return bufferTimeout;
    }

    /** The scale sweep: Sluice, then Artemis with its tuned journal, each over every dimension. */
    private void runScale(ScaleResults scale) throws Exception {
        long bufferTimeout = prepare();
        Set<Column> systems = options.systems();
        double soakRate = 0;
        if (systems.contains(Column.SLUICE)) {
            openDatabase();
            try (SluiceTarget sluice = new SluiceTarget(database.jdbcUrl(), database.user(), options.password())) {
                results.fact("sluice", providerVersion(sluice) + " (default settings: 4 partitions, prefetch 100)");
                System.out.println("== sluice scale sweep on " + database.jdbcUrl());
                StatementProfile profile = new StatementProfile(database.jdbcUrl(), database.user(),
                        options.password());
                if (StatementProfile.ENABLED) {
                    profile.reset();
                }
                new ScaleSweep(sluice, ScaleExtras.sluice(database.jdbcUrl(), database.user(), options.password()),
                        scale, options, runId).runAll(0);
                if (StatementProfile.ENABLED) {
                    profile.print();
                }
            }
            soakRate = scale.point(ScaleSweep.CONSUMERS, ScaleSweep.E2E_RATE, 4, Column.SLUICE)
                    .filter(point -> point.figure().present()).map(point -> point.figure().median() / 2).orElse(0.0);
            closeDatabase();
        }
        if (systems.contains(Column.ARTEMIS_TUNED)) {
            Path directory = options.workDir().resolve(Column.ARTEMIS_TUNED.id);
            try (ArtemisTarget artemis = ArtemisTarget.start(ArtemisTarget.Variant.JOURNAL_TUNED, directory, null,
                    null, null, bufferTimeout)) {
                results.fact("artemis", artemis.description());
                System.out.println("== artemis-tuned scale sweep: " + artemis.description());
                new ScaleSweep(artemis, ScaleExtras.artemis(directory), scale, options, runId).runAll(soakRate);
            }
        }
    }

    private int reportScale(ScaleResults scale, Duration took) throws IOException {
        results.facts().forEach(scale::fact);
        System.out.println();
        System.out.println(ScaleReport.render(scale));
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
                .format(ZonedDateTime.now(ZoneOffset.UTC));
        Path directory = options.csvDirectory();
        Path csv = ScaleReport.writeCsv(scale, directory.resolve("scale-" + stamp
                + (options.full() ? "" : "-partial") + ".csv"));
        List<Path> charts = ScaleChart.write(scale, directory, stamp + (options.full() ? "" : "-partial"));
        System.out.println("CSV: " + csv + ", " + charts.size() + " charts next to it (run took " + took.toSeconds()
                + " s)");
        return 0;
    }

    private void runArtemis(ArtemisTarget.Variant variant, long bufferTimeout) throws Exception {
        if (variant == ArtemisTarget.Variant.JDBC) {
            dropArtemisTables();
        }
        Path directory = options.workDir().resolve(variant.column.id);
        ArtemisTarget artemis = ArtemisTarget.start(variant, directory,
                variant == ArtemisTarget.Variant.JDBC ? database.jdbcUrl() : null,
                variant == ArtemisTarget.Variant.JDBC ? database.user() : null, options.password(), bufferTimeout);
        try (artemis) {
            results.fact("artemis", artemis.version());
            results.fact(variant.column.id, artemis.description());
            System.out.println("== " + variant.column.id + ": " + artemis.description());
            new JmsWorkloads(artemis, runId, latencyGrace()).runAll(results, options);
        }
        if (variant == ArtemisTarget.Variant.JDBC) {
            dropArtemisTables();
        }
    }

    private Duration latencyGrace() {
        return Duration.ofSeconds(options.quick() ? 2 : 3);
    }

    private void facts() {
        Runtime runtime = Runtime.getRuntime();
        results.fact("date", ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        results.fact("cpus", String.valueOf(runtime.availableProcessors()));
        results.fact("memory", String.format(Locale.ROOT, "JVM max heap %d MiB; machine %s",
                runtime.maxMemory() >> 20, machineMemory()));
        results.fact("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.vm.vendor") + ")");
        results.fact("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        results.fact("pgjdbc", org.postgresql.util.DriverInfo.DRIVER_VERSION);
        results.fact("source", gitDescription());
        results.fact("run", (options.full() ? "full" : options.quick() ? "quick" : "partial") + "; warm-up "
                + options.warmup().toMillis() / 1000.0 + " s, " + options.iterations() + " iterations of "
                + options.iteration().toMillis() / 1000.0 + " s, medians; 1 KiB BytesMessage bodies, persistent"
                + " unless the row says otherwise");
    }

    /** The commit the benchmark was built from, when run inside a Git work tree. */
    private static String gitDescription() {
        try {
            Process git = new ProcessBuilder("git", "describe", "--always", "--dirty").redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            if (git.waitFor(5, TimeUnit.SECONDS) && git.exitValue() == 0) {
                return "git " + out;
            }
            return "unknown (git: " + out + ")";
        } catch (IOException e) {
            return "unknown (no git: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown (interrupted)";
        }
    }

    private static String machineMemory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return line.substring("MemTotal:".length()).trim();
                }
            }
        } catch (IOException e) {
            LOG.debug("No /proc/meminfo", e);
        }
        return "unknown";
    }

    private void openDatabase() throws SQLException {
        DatabaseConfig config;
        if (options.jdbcUrl() == null) {
            postgres = BenchPostgres.start(options.workDir().resolve("postgres"));
            config = DatabaseConfig.builder().jdbcUrl(postgres.jdbcUrl()).user(BenchPostgres.USER).poolSize(2).build();
        } else {
            config = DatabaseConfig.builder().jdbcUrl(options.jdbcUrl()).user(options.user())
                    .password(options.password()).poolSize(2).build();
        }
        SchemaMigration.migrate(config.jdbcUrl(), config.user(), config.password());
        database = Database.open(config);
        try (java.sql.Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet versionRow = statement.executeQuery("show server_version")) {
            versionRow.next();
            String version = versionRow.getString(1);
            String where = postgres != null
                    ? "embedded (zonky binaries, durable settings), data in " + options.workDir().resolve("postgres")
                    : "external " + database.jdbcUrl();
            results.fact("postgresql", version + ", " + where + ", " + settings(statement));
            System.out.println("PostgreSQL " + version + ": " + where);
        }
    }

    private static String settings(Statement statement) throws SQLException {
        StringBuilder settings = new StringBuilder();
        for (String name : List.of("fsync", "synchronous_commit", "full_page_writes", "wal_sync_method",
                "shared_buffers")) {
            try (ResultSet value = statement.executeQuery("show " + name)) {
                value.next();
                settings.append(settings.length() == 0 ? "" : " ").append(name).append('=').append(value.getString(1));
            }
        }
        return settings.toString();
    }

    private void dropArtemisTables() throws SQLException {
        try (java.sql.Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            for (String table : ArtemisTarget.JDBC_TABLES) {
                statement.execute("drop table if exists public." + table);
            }
        }
    }

    private static String providerVersion(SluiceTarget sluice) throws jakarta.jms.JMSException {
        try (Connection connection = sluice.connectionFactory().createConnection()) {
            return connection.getMetaData().getProviderVersion();
        }
    }

    private void closeDatabase() {
        if (databaseClosed.compareAndSet(false, true)) {
            Database opened = database;
            if (opened != null) {
                opened.close();
            }
            BenchPostgres server = postgres;
            if (server != null) {
                server.close();
            }
        }
    }

    /**
     * Exits once every thread the run started is gone; names any non-daemon thread still alive after a bounded
     * wait (a component that did not shut down) before exiting anyway.
     */
    private static void exit(int status) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        Set<Thread> lingering;
        do {
            lingering = nonDaemonThreads();
            if (lingering.isEmpty()) {
                break;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        } while (System.nanoTime() < deadline);
        if (!lingering.isEmpty()) {
            LOG.warn("Threads still running after shutdown: {}", lingering.stream().map(Thread::getName).toList());
        }
        System.exit(status);
    }

    private static Set<Thread> nonDaemonThreads() {
        Set<Thread> threads = new java.util.HashSet<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive() && !thread.isDaemon() && thread != Thread.currentThread()
                    && !thread.getName().equals("DestroyJavaVM")) {
                threads.add(thread);
            }
        }
        return threads;
    }
}
