package dev.sluice.embedded;

import dev.sluice.db.DataFolderInUseException;
import dev.sluice.db.EmbeddedServer;
import dev.sluice.db.PortTakenException;
import dev.sluice.db.SchemaVersion;
import dev.sluice.embedded.internal.DataFolderLock;
import dev.sluice.embedded.internal.OrphanedPostmaster;
import dev.sluice.schema.SchemaMigration;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run from binaries packaged in a Maven artifact, so a machine with only a JDK runs Sluice.
 * Its data stays in the folder it was given: starting again on that folder finds the data again. Other JVMs reach
 * it through {@link #jdbcUrl()}, as the superuser {@value #USER} without a password (the cluster trusts
 * connections from this machine and listens on localhost only).
 *
 * <p>One live process owns a data folder ({@link DataFolderLock}): a second start on it fails at once naming the
 * owner. A PostgreSQL left running on the folder by an owner that died (SIGKILL gives it no chance to stop it) is
 * stopped at the next start, with a WARN line saying so, before the new one starts.
 *
 * <p>The server is Sluice's own database, so {@link #start} migrates its schema ({@link SchemaMigration}) before it
 * returns: clients of it find the schema current. Thread-safe.
 */
public final class EmbeddedPostgresServer implements EmbeddedServer {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    /** The database Sluice uses inside the embedded server. */
    public static final String DATABASE = "postgres";
    public static final String USER = "postgres";
    /**
     * The port {@code sluice server} listens on unless told otherwise: fixed, so that URLs copied into programs and
     * configuration keep working across restarts; not PostgreSQL's 5432 (nor 5433, a second local cluster's
     * usual port), so that it does not clash with a PostgreSQL installed on the machine; and below Linux's
     * ephemeral range (32768-60999), so that no program's outgoing connection takes it by chance.
     */
    public static final int DEFAULT_PORT = 15432;
    /** The lock file of the embedded PostgreSQL library, held by any live process that runs it on the folder. */
    private static final String LIBRARY_LOCK = "epg-lock";
    /** The file whose presence tells that a folder holds a cluster already (as the library decides it). */
    private static final String CLUSTER_MARKER = "postgresql.conf";

    private final EmbeddedPostgres postgres;
    private final Path dataDir;
    private final DataFolderLock lock;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDir, DataFolderLock lock) {
        this.postgres = postgres;
        this.dataDir = dataDir;
        this.lock = lock;
    }

    /**
     * Starts a server on {@code dataDir} (created if missing, reused if it holds a cluster) and migrates its schema;
     * port 0 = any free.
     *
     * @throws DataFolderInUseException when a live process runs the folder already
     * @throws PortTakenException       when something listens on {@code port} already
     * @throws dev.sluice.db.SluiceDatabaseException when the migration fails
     */
    public static EmbeddedPostgresServer start(Path dataDir, int port) {
        EmbeddedPostgresServer server = startUnmigrated(dataDir, port);
        try {
            server.migrate();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void migrate() {
        String url = jdbcUrl();
        try {
            SchemaMigration.Outcome outcome = SchemaMigration.migrate(url, USER, null);
            if (outcome.applied() > 0) {
                LOG.info("Migrated Sluice's schema on {} from version {} to {}", dataDir,
                        outcome.fromVersion() == null ? "none" : outcome.fromVersion(), outcome.toVersion());
            }
        } catch (RuntimeException e) {
            throw SchemaVersion.explainMigrationFailure(url, USER, null, e);
        }
    }

    private static EmbeddedPostgresServer startUnmigrated(Path dataDir, int port) {
        Path absolute = dataDir.toAbsolutePath();
        try {
            Files.createDirectories(absolute);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the data folder " + absolute, e);
        }
        if (!Files.exists(absolute.resolve(CLUSTER_MARKER))) {
            return startFresh(absolute, port);
        }
        DataFolderLock lock = DataFolderLock.acquire(absolute);
        try {
            refuseIfLibraryInUse(absolute);
            OrphanedPostmaster.find(absolute).ifPresent(orphan -> {
                orphan.stop();
                LOG.warn("Stopped the PostgreSQL (pid {}, port {}) left running on data folder {} by a Sluice process"
                        + " that died", orphan.pid(), orphan.port(), absolute);
            });
            return owned(startPostgres(absolute, port), absolute, lock);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * initdb needs an empty folder, so the lock file can only be made once the cluster exists; a folder without
     * a cluster has no postmaster that could be an orphan, and a second process starting on it at the same time
     * fails on the library's own lock or in initdb.
     */
    private static EmbeddedPostgresServer startFresh(Path absolute, int port) {
        EmbeddedPostgres postgres = startPostgres(absolute, port);
        DataFolderLock lock;
        try {
            lock = DataFolderLock.acquire(absolute);
        } catch (RuntimeException e) {
            closeQuietly(postgres, absolute);
            throw e;
        }
        return owned(postgres, absolute, lock);
    }

    private static EmbeddedPostgresServer owned(EmbeddedPostgres postgres, Path absolute, DataFolderLock lock) {
        lock.describe("Sluice process (pid " + ProcessHandle.current().pid() + ") whose embedded PostgreSQL"
                + " listens on port " + postgres.getPort());
        return new EmbeddedPostgresServer(postgres, absolute, lock);
    }

    private static EmbeddedPostgres startPostgres(Path absolute, int port) {
        if (port > 0 && listening(port)) {
            throw new PortTakenException(port);
        }
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(absolute)
                    .setCleanDataDirectory(false)
                    // The library's defaults are for throwaway test databases (no fsync); Sluice's data must
                    // survive a crash, so durability is switched back on.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("max_connections", "300")
                    // XA: PREPARE TRANSACTION needs slots; PostgreSQL defaults to none.
                    .setServerConfig("max_prepared_transactions", "64")
                    .setServerConfig("shared_buffers", "256MB")
                    .setServerConfig("listen_addresses", "localhost");
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres postgres = builder.start();
            LOG.info("Embedded PostgreSQL started on port {} with data in {}", postgres.getPort(), absolute);
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("Embedded PostgreSQL did not start on data folder " + absolute
                    + " (port " + (port > 0 ? port : "any free") + ")", e);
        }
    }

    private static void closeQuietly(EmbeddedPostgres postgres, Path absolute) {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("Embedded PostgreSQL on {} did not stop cleanly", absolute, e);
        }
    }

    /**
     * An older Sluice, or another program using the embedded PostgreSQL library, holds no {@link DataFolderLock} but
     * the library's own lock; its live database must not be taken for an orphan.
     */
    private static void refuseIfLibraryInUse(Path folder) {
        Path file = folder.resolve(LIBRARY_LOCK);
        if (!Files.exists(file)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
             FileLock probe = channel.tryLock()) {
            if (probe == null) {
                throw new DataFolderInUseException(folder, "process that holds " + file
                        + " (an embedded PostgreSQL started by an older Sluice or another program)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not test the lock " + file, e);
        }
    }

    /** Whether something accepts connections on {@code port} at any address of localhost (IPv4 and IPv6). */
    private static boolean listening(int port) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName("localhost");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not resolve localhost", e);
        }
        for (InetAddress address : addresses) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(address, port), 500);
                return true;
            } catch (IOException refused) {
                // nobody listens there
            }
        }
        return false;
    }

    /**
     * Replaces the description of this folder's owner that a second process, refused the folder, shows: say which
     * server runs it and where to reach it (one line; never a password).
     */
    @Override
    public void describeOwner(String owner) {
        lock.describe(owner);
    }

    /** The URL that this and other processes on this machine connect with (user {@value #USER}). */
    @Override
    public String jdbcUrl() {
        return postgres.getJdbcUrl(USER, DATABASE);
    }

    @Override
    public String user() {
        return USER;
    }

    @Override
    public int port() {
        return postgres.getPort();
    }

    @Override
    public Path dataDir() {
        return dataDir;
    }

    /** Stops the server cleanly (a shutdown checkpoint, so the next start needs no recovery). */
    @Override
    public void close() {
        try {
            postgres.close();
            LOG.info("Embedded PostgreSQL on {} stopped", dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Embedded PostgreSQL on " + dataDir + " did not stop cleanly", e);
        } finally {
            lock.close();
        }
    }
}
