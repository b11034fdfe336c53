package dev.sluice.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run from binaries packaged in a Maven artifact, so a machine with only a JDK runs Sluice.
 * Its data stays in the folder it was given: starting again on that folder finds the data again. Other JVMs reach
 * it through {@link #jdbcUrl()}. Thread-safe.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    /** The database Sluice uses inside the embedded server. */
    public static final String DATABASE = "postgres";
    public static final String USER = "postgres";

    private final EmbeddedPostgres postgres;
    private final Path dataDir;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDir) {
        this.postgres = postgres;
        this.dataDir = dataDir;
    }

    /** Starts a server on {@code dataDir} (created if missing, reused if it holds a cluster); port 0 = any free. */
    public static EmbeddedPostgresServer start(Path dataDir, int port) {
        try {
            Path absolute = dataDir.toAbsolutePath();
            Files.createDirectories(absolute);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(absolute)
                    .setCleanDataDirectory(false)
                    // The library's defaults are for throwaway test databases (no fsync); Sluice's data must
                    // survive a crash, so durability is switched back on.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("shared_buffers", "256MB")
                    .setServerConfig("listen_addresses", "localhost");
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres postgres = builder.start();
            LOG.info("Embedded PostgreSQL started on port {} with data in {}", postgres.getPort(), absolute);
            return new EmbeddedPostgresServer(postgres, absolute);
        } catch (IOException e) {
            throw new UncheckedIOException("Embedded PostgreSQL did not start on data folder " + dataDir
                    + " (is another server using it, or the port taken?)", e);
        }
    }

    /** The URL that this and other processes on this machine connect with (user {@value #USER}). */
    public String jdbcUrl() {
        return postgres.getJdbcUrl(USER, DATABASE);
    }

    public int port() {
        return postgres.getPort();
    }

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
        }
    }
}
