package dev.sluice.db;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to reach PostgreSQL: either a JDBC URL with credentials, or (no URL) an embedded server whose data lives in
 * {@link #embeddedDataDir()}. Immutable; build with {@link #builder()}.
 *
 * @param jdbcUrl          {@code jdbc:postgresql://host:port/db?...}, or null for the embedded server
 * @param user             login role; null lets the driver take it from the URL
 * @param password         password of {@code user}; never printed
 * @param embeddedDataDir  data folder of the embedded server (kept across restarts)
 * @param embeddedPort     port of the embedded server; 0 picks a free one
 * @param poolSize         maximum pooled connections
 * @param connectionTimeoutMs how long a statement waits for a pooled connection (the database unreachable: the
 *                         pool keeps trying to connect meanwhile) before it fails
 */
public record DatabaseConfig(String jdbcUrl, String user, String password, Path embeddedDataDir, int embeddedPort,
                             int poolSize, long connectionTimeoutMs) {

    /** Default folder of the embedded server's data, relative to the working directory. */
    public static final Path DEFAULT_DATA_DIR = Path.of("sluice-data");
    public static final int DEFAULT_POOL_SIZE = 16;
    public static final long DEFAULT_CONNECTION_TIMEOUT_MS = 10_000;

    public DatabaseConfig {
        if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("Database URL '" + JdbcUrls.redact(jdbcUrl)
                    + "' is not a PostgreSQL JDBC URL; expected jdbc:postgresql://host:port/database");
        }
        if (embeddedPort < 0 || embeddedPort > 65535) {
            throw new IllegalArgumentException("Embedded PostgreSQL port " + embeddedPort + " is not in 0..65535");
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("Pool size " + poolSize + " must be at least 1");
        }
        if (connectionTimeoutMs < 250) {
            throw new IllegalArgumentException("Connection timeout " + connectionTimeoutMs
                    + " ms is below the pool's minimum of 250 ms");
        }
        embeddedDataDir = embeddedDataDir == null ? DEFAULT_DATA_DIR : embeddedDataDir;
    }

    public boolean embedded() {
        return jdbcUrl == null;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String toString() {
        return embedded()
                ? "DatabaseConfig[embedded, dataDir=" + embeddedDataDir + ", port=" + embeddedPort + "]"
                : "DatabaseConfig[url=" + JdbcUrls.redact(jdbcUrl) + ", user=" + user + ", password="
                        + (password == null ? "none" : JdbcUrls.MASK)
                        + ", poolSize=" + poolSize + "]";
    }

    /** Mutable builder of a {@link DatabaseConfig}; not thread-safe. */
    public static final class Builder {
        private String jdbcUrl;
        private String user;
        private String password;
        private Path embeddedDataDir;
        private int embeddedPort;
        private int poolSize = DEFAULT_POOL_SIZE;
        private long connectionTimeoutMs = DEFAULT_CONNECTION_TIMEOUT_MS;

        public Builder jdbcUrl(String jdbcUrl) {
            this.jdbcUrl = jdbcUrl;
            return this;
        }

        public Builder user(String user) {
            this.user = user;
            return this;
        }

        public Builder password(String password) {
            this.password = password;
            return this;
        }

        public Builder embedded(Path dataDir, int port) {
            this.jdbcUrl = null;
            this.embeddedDataDir = Objects.requireNonNull(dataDir, "dataDir");
            this.embeddedPort = port;
            return this;
        }

        public Builder poolSize(int poolSize) {
            this.poolSize = poolSize;
            return this;
        }

        public Builder connectionTimeoutMs(long connectionTimeoutMs) {
            this.connectionTimeoutMs = connectionTimeoutMs;
            return this;
        }

        public DatabaseConfig build() {
            return new DatabaseConfig(jdbcUrl, user, password, embeddedDataDir, embeddedPort, poolSize,
                    connectionTimeoutMs);
        }
    }
}
