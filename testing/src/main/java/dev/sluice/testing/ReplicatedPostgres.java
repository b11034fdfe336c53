package dev.sluice.testing;

import dev.sluice.schema.SchemaMigration;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * A primary and a streaming-replication standby, both embedded PostgreSQL servers from the same binaries, for
 * failover tests. The standby is a cold copy of the primary's data folder plus {@code standby.signal} and
 * {@code primary_conninfo}. {@link #crashPrimary()} kills the primary's processes with SIGKILL (a machine loss, not
 * a clean stop); {@link #promoteStandby()} makes the standby the primary. Clients use {@link #multiHostUrl()}, which
 * the driver resolves to whichever server is the primary; Sluice's schema is migrated on the primary (and so
 * replicated), as a server would. Not thread-safe.
 */
public final class ReplicatedPostgres implements AutoCloseable {

    public static final String USER = "postgres";
    private static final String DATABASE = "postgres";

    private EmbeddedPostgres primary;
    private EmbeddedPostgres standby;
    private final Path primaryDir;
    private final boolean synchronous;
    private final int primaryPort;
    private final int standbyPort;

    private ReplicatedPostgres(EmbeddedPostgres primary, Path primaryDir, boolean synchronous,
                               EmbeddedPostgres standby) {
        this.primary = primary;
        this.primaryDir = primaryDir;
        this.synchronous = synchronous;
        this.standby = standby;
        this.primaryPort = primary.getPort();
        this.standbyPort = standby.getPort();
    }

    /**
     * Starts both in sub-folders of {@code folder}. With {@code synchronous}, the primary's commits wait until the
     * standby has flushed them ({@code synchronous_standby_names = '*'}); otherwise replication is asynchronous.
     */
    public static ReplicatedPostgres start(Path folder, boolean synchronous) {
        try {
            Path primaryDir = folder.resolve("primary");
            Path standbyDir = folder.resolve("standby");
            EmbeddedPostgres initial = durable(primaryDir, 0).start();
            int primaryPort = initial.getPort();
            initial.close();
            copy(primaryDir, standbyDir);
            // PostgreSQL refuses a data folder that others may read
            Files.setPosixFilePermissions(standbyDir, PosixFilePermissions.fromString("rwx------"));
            Files.deleteIfExists(standbyDir.resolve("postmaster.pid"));
            Files.createFile(standbyDir.resolve("standby.signal"));
            Files.writeString(standbyDir.resolve("postgresql.auto.conf"), "\nprimary_conninfo = 'host=localhost port="
                    + primaryPort + " user=" + USER + " application_name=standby'\n", StandardOpenOption.APPEND);
            EmbeddedPostgres primary = primaryBuilder(primaryDir, primaryPort, synchronous).start();
            EmbeddedPostgres standby = durable(standbyDir, 0).start();
            ReplicatedPostgres pair = new ReplicatedPostgres(primary, primaryDir, synchronous, standby);
            pair.awaitStreaming(Duration.ofSeconds(60));
            SchemaMigration.migrate(url(primaryPort), USER, null);
            return pair;
        } catch (IOException e) {
            throw new UncheckedIOException("A primary and standby did not start in " + folder, e);
        }
    }

    private static EmbeddedPostgres.Builder primaryBuilder(Path dir, int port, boolean synchronous) {
        EmbeddedPostgres.Builder builder = durable(dir, port);
        if (synchronous) {
            builder.setServerConfig("synchronous_standby_names", "*");
        }
        return builder;
    }

    private static EmbeddedPostgres.Builder durable(Path dir, int port) {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("max_connections", "200")
                .setServerConfig("wal_level", "replica")
                .setServerConfig("hot_standby", "on")
                .setServerConfig("listen_addresses", "localhost");
        if (port > 0) {
            builder.setPort(port);
        }
        return builder;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    private void awaitStreaming(Duration timeout) {
        Await.until(() -> {
            try (Connection connection = DriverManager.getConnection(url(primaryPort), USER, null);
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery(
                         "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")) {
                return rows.next() && rows.getLong(1) == 1;
            } catch (SQLException e) {
                return false;
            }
        }, timeout, () -> "the standby on port " + standbyPort + " did not start streaming from port " + primaryPort);
    }

    /** Both servers, primary first; the driver connects to whichever accepts writes. */
    public String multiHostUrl() {
        return "jdbc:postgresql://localhost:" + primaryPort + ",localhost:" + standbyPort + "/" + DATABASE
                + "?targetServerType=primary";
    }

    public int primaryPort() {
        return primaryPort;
    }

    public int standbyPort() {
        return standbyPort;
    }

    /** SIGKILL to the primary's postmaster and every backend: what a lost machine looks like to the clients. */
    public void crashPrimary() {
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(primaryDir.resolve("postmaster.pid")).get(0).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("The primary's postmaster.pid cannot be read", e);
        }
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow(
                () -> new IllegalStateException("The primary's postmaster " + pid + " is not running"));
        postmaster.descendants().forEach(ProcessHandle::destroyForcibly);
        postmaster.destroyForcibly();
        postmaster.onExit().join();
        primary = null;
    }

    /**
     * Stops the primary cleanly (its clients' connections break), keeps it down for {@code downtime}, and starts
     * it again on the same folder and port; the standby follows it again.
     */
    public void restartPrimary(Duration downtime) {
        try {
            primary.close();
            long until = System.nanoTime() + downtime.toNanos();
            Await.until(() -> System.nanoTime() - until >= 0, downtime.plusSeconds(5), () -> "clock");
            primary = primaryBuilder(primaryDir, primaryPort, synchronous).start();
            awaitStreaming(Duration.ofSeconds(60));
        } catch (IOException e) {
            throw new UncheckedIOException("The primary on port " + primaryPort + " did not start again", e);
        }
    }

    /** Promotes the standby and waits until it accepts writes. */
    public void promoteStandby() {
        try (Connection connection = DriverManager.getConnection(url(standbyPort), USER, null);
             Statement statement = connection.createStatement();
             ResultSet promoted = statement.executeQuery("SELECT pg_promote(true, 60)")) {
            if (!promoted.next() || !promoted.getBoolean(1)) {
                throw new IllegalStateException("The standby on port " + standbyPort + " was not promoted in 60 s");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Promoting the standby on port " + standbyPort + " failed", e);
        }
    }

    private static String url(int port) {
        return "jdbc:postgresql://localhost:" + port + "/" + DATABASE;
    }

    @Override
    public void close() {
        for (EmbeddedPostgres server : new EmbeddedPostgres[] {primary, standby}) {
            if (server != null) {
                try {
                    server.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        primary = null;
        standby = null;
    }
}
