package dev.sluice.server;

import dev.sluice.db.DatabaseConfig;
import dev.sluice.db.JdbcUrls;
import dev.sluice.embedded.EmbeddedPostgresServer;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of one {@link SluiceServer}. Immutable; build with {@link #builder()}, which holds every default.
 *
 * @param jdbcUrl             PostgreSQL to use; null starts an embedded server on {@code dataDir}
 * @param user                login for {@code jdbcUrl}
 * @param password            password of {@code user}; never printed
 * @param dataDir             the embedded server's data folder (default {@code ./sluice-data})
 * @param port                the embedded server's port (default
 *                            {@value dev.sluice.embedded.EmbeddedPostgresServer#DEFAULT_PORT}); 0 picks a free one
 * @param adminBind           address the admin endpoint listens on (default loopback, 127.0.0.1)
 * @param adminPort           port of the admin endpoint (default {@value #DEFAULT_ADMIN_PORT}); 0 picks a free one
 * @param adminPortFallback   whether the admin endpoint listens on any free port when {@code adminPort} is taken
 *                            (another server on this machine has it), instead of failing: for the default port,
 *                            not for one the operator chose (default false; {@code sluice server} sets it when
 *                            {@code --admin-port} is not given)
 * @param serverId            this server's id among the servers of the database (default {@code <pid>@<host>})
 * @param sessionTimeout      coordination session timeout: how soon the other servers notice this one died and
 *                            one takes over maintenance (default 10 s)
 * @param maintenanceInterval pause between two maintenance runs of the leader (default 1 s)
 * @param vacuumThreshold     messages deleted (expiry and retention) after which the leader vacuums the log tables
 *                            (default {@value #DEFAULT_VACUUM_THRESHOLD})
 * @param agentConfigs        Flume properties files whose agents the server hosts (see {@link HostedAgents};
 *                            default none)
 */
public record ServerConfig(String jdbcUrl, String user, String password, Path dataDir, int port, String adminBind,
                           int adminPort, boolean adminPortFallback, String serverId, Duration sessionTimeout,
                           Duration maintenanceInterval, long vacuumThreshold, List<Path> agentConfigs) {

    public static final int DEFAULT_ADMIN_PORT = 7654;
    public static final long DEFAULT_VACUUM_THRESHOLD = 100_000;

    public ServerConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(adminBind, "adminBind");
        Objects.requireNonNull(serverId, "serverId");
        Objects.requireNonNull(sessionTimeout, "sessionTimeout");
        Objects.requireNonNull(maintenanceInterval, "maintenanceInterval");
        agentConfigs = List.copyOf(agentConfigs);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port " + port + " is not a port number (0..65535; 0 = any free)");
        }
        if (adminPort < 0 || adminPort > 65535) {
            throw new IllegalArgumentException("--admin-port " + adminPort
                    + " is not a port number (0..65535; 0 = any free)");
        }
        if (serverId.isBlank() || serverId.contains("/")) {
            throw new IllegalArgumentException("--server-id '" + serverId + "' must be non-blank and without '/'");
        }
        if (sessionTimeout.toMillis() < 300) {
            throw new IllegalArgumentException("--session-timeout " + sessionTimeout.toMillis()
                    + " ms is too short: at least 300 ms");
        }
        if (maintenanceInterval.toMillis() < 10) {
            throw new IllegalArgumentException("--maintenance-interval " + maintenanceInterval.toMillis()
                    + " ms is too short: at least 10 ms");
        }
        if (vacuumThreshold < 1) {
            throw new IllegalArgumentException("--vacuum-threshold " + vacuumThreshold + " must be at least 1");
        }
        if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("--jdbc-url '" + JdbcUrls.redact(jdbcUrl)
                    + "' is not a PostgreSQL JDBC URL; expected jdbc:postgresql://host:port/database");
        }
    }

    /** Whether the server starts its own PostgreSQL. */
    public boolean embedded() {
        return jdbcUrl == null;
    }

    /** How to open the database. */
    public DatabaseConfig databaseConfig() {
        DatabaseConfig.Builder builder = DatabaseConfig.builder().poolSize(8);
        if (embedded()) {
            builder.embedded(dataDir, port);
        } else {
            builder.jdbcUrl(jdbcUrl).user(user).password(password);
        }
        return builder.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String toString() {
        return "ServerConfig[" + (embedded() ? "embedded, dataDir=" + dataDir + ", port=" + port
                : "url=" + JdbcUrls.redact(jdbcUrl) + ", user=" + user + ", password="
                        + (password == null ? "none" : JdbcUrls.MASK))
                + ", admin=" + adminBind + ":" + adminPort + (adminPortFallback ? " (else any free)" : "")
                + ", serverId=" + serverId + ", sessionTimeout="
                + sessionTimeout.toMillis() + "ms, maintenanceInterval=" + maintenanceInterval.toMillis()
                + "ms, vacuumThreshold=" + vacuumThreshold + ", agentConfigs=" + agentConfigs + "]";
    }

    /** Mutable builder of a {@link ServerConfig}, starting from the defaults; not thread-safe. */
    public static final class Builder {
        private String jdbcUrl;
        private String user;
        private String password;
        private Path dataDir = DatabaseConfig.DEFAULT_DATA_DIR;
        private int port = EmbeddedPostgresServer.DEFAULT_PORT;
        private String adminBind = "127.0.0.1";
        private int adminPort = DEFAULT_ADMIN_PORT;
        private boolean adminPortFallback;
        private String serverId = ManagementFactory.getRuntimeMXBean().getName();
        private Duration sessionTimeout = Duration.ofSeconds(10);
        private Duration maintenanceInterval = Duration.ofSeconds(1);
        private long vacuumThreshold = DEFAULT_VACUUM_THRESHOLD;
        private List<Path> agentConfigs = List.of();

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

        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder adminBind(String adminBind) {
            this.adminBind = adminBind;
            return this;
        }

        public Builder adminPort(int adminPort) {
            this.adminPort = adminPort;
            return this;
        }

        public Builder adminPortFallback(boolean adminPortFallback) {
            this.adminPortFallback = adminPortFallback;
            return this;
        }

        public Builder serverId(String serverId) {
            this.serverId = serverId;
            return this;
        }

        public Builder sessionTimeout(Duration sessionTimeout) {
            this.sessionTimeout = sessionTimeout;
            return this;
        }

        public Builder maintenanceInterval(Duration maintenanceInterval) {
            this.maintenanceInterval = maintenanceInterval;
            return this;
        }

        public Builder vacuumThreshold(long vacuumThreshold) {
            this.vacuumThreshold = vacuumThreshold;
            return this;
        }

        public Builder agentConfigs(List<Path> agentConfigs) {
            this.agentConfigs = agentConfigs;
            return this;
        }

        public ServerConfig build() {
            return new ServerConfig(jdbcUrl, user, password, dataDir, port, adminBind, adminPort, adminPortFallback,
                    serverId, sessionTimeout, maintenanceInterval, vacuumThreshold, agentConfigs);
        }
    }
}
