package dev.sluice.testing;

import dev.sluice.schema.SchemaMigration;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * The one PostgreSQL server of a test JVM, started on first use and stopped when the JVM exits.
 *
 * <p>Where it comes from, in order of preference:
 * <ol>
 *   <li>{@code SLUICE_TEST_JDBC_URL} (with {@code SLUICE_TEST_USER} / {@code SLUICE_TEST_PASSWORD}): an external
 *       server; the user must be allowed to create databases;</li>
 *   <li>a Docker engine, when one is reachable: a Testcontainers PostgreSQL container;</li>
 *   <li>otherwise an embedded PostgreSQL whose binaries come from a Maven artifact (no install, no Docker).</li>
 * </ol>
 * Each call of {@link #createDatabase(String)} makes a fresh database with Sluice's schema migrated (by the test
 * superuser, who owns it, as the server would), so test classes never see each other's rows;
 * {@link #createEmptyDatabase(String)} one without the schema. Thread-safe.
 */
public final class TestPostgres {

    private static final Logger LOG = LoggerFactory.getLogger(TestPostgres.class);
    private static final AtomicInteger DATABASE_COUNTER = new AtomicInteger();
    private static volatile TestPostgres instance;

    private final String adminUrl;
    private final String user;
    private final String password;
    private final String description;

    private TestPostgres(String adminUrl, String user, String password, String description) {
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
        this.description = description;
    }

    /** The server of this JVM, started if needed. */
    public static TestPostgres get() {
        TestPostgres local = instance;
        if (local == null) {
            synchronized (TestPostgres.class) {
                local = instance;
                if (local == null) {
                    local = start();
                    instance = local;
                    LOG.info("Tests use {}", local.description);
                }
            }
        }
        return local;
    }

    /**
     * Creates a database whose name starts with {@code prefix}, migrates Sluice's schema in it as the server does
     * (clients only check the version) and returns how to reach it.
     */
    public TestDatabase createDatabase(String prefix) {
        TestDatabase database = createEmptyDatabase(prefix);
        SchemaMigration.migrate(database.jdbcUrl(), database.user(), database.password());
        return database;
    }

    /** Creates a database without Sluice's schema, whose name starts with {@code prefix}. */
    public TestDatabase createEmptyDatabase(String prefix) {
        String name = (sanitize(prefix) + "_" + ProcessHandle.current().pid() + "_"
                + DATABASE_COUNTER.incrementAndGet()).toLowerCase();
        try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE \"" + name + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create test database " + name + " on " + description, e);
        }
        return new TestDatabase(replaceDatabase(adminUrl, name), user, password);
    }

    private static String sanitize(String prefix) {
        String cleaned = prefix.replaceAll("[^A-Za-z0-9_]", "_");
        return cleaned.length() > 40 ? cleaned.substring(cleaned.length() - 40) : cleaned;
    }

    static String replaceDatabase(String url, String database) {
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        String params = query < 0 ? "" : url.substring(query);
        int slash = base.lastIndexOf('/');
        return base.substring(0, slash + 1) + database + params;
    }

    private static TestPostgres start() {
        String external = System.getenv("SLUICE_TEST_JDBC_URL");
        if (external != null && !external.isBlank()) {
            return new TestPostgres(external, envOr("SLUICE_TEST_USER", "postgres"),
                    envOr("SLUICE_TEST_PASSWORD", ""), "external PostgreSQL at " + external);
        }
        if (dockerLikelyAvailable()) {
            try {
                return startContainer();
            } catch (RuntimeException e) {
                LOG.warn("A Docker engine seemed reachable but no container started; using embedded PostgreSQL", e);
            }
        }
        return startEmbedded();
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    /** Asking Testcontainers directly costs seconds when there is no engine; look for its socket first. */
    private static boolean dockerLikelyAvailable() {
        if (System.getenv("DOCKER_HOST") != null) {
            return true;
        }
        return new File("/var/run/docker.sock").exists()
                && org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
    }

    @SuppressWarnings("resource") // stopped by the shutdown hook
    private static TestPostgres startContainer() {
        PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:17")
                .withCommand("postgres", "-c", "max_connections=400", "-c", "fsync=off",
                        "-c", "max_prepared_transactions=64");
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "sluice-test-postgres-stop"));
        return new TestPostgres(container.getJdbcUrl(), container.getUsername(), container.getPassword(),
                "Testcontainers PostgreSQL " + container.getJdbcUrl());
    }

    private static TestPostgres startEmbedded() {
        try {
            Path dataDir = Files.createTempDirectory("sluice-test-pg");
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(true)
                    // Test data need not survive a power loss; this keeps 2-core machines fast.
                    .setServerConfig("fsync", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("max_connections", "400")
                    .setServerConfig("max_prepared_transactions", "64")
                    .setServerConfig("shared_buffers", "256MB")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException e) {
                    LOG.warn("Embedded test PostgreSQL did not stop cleanly", e);
                }
            }, "sluice-test-postgres-stop"));
            String url = postgres.getJdbcUrl("postgres", "postgres");
            return new TestPostgres(url, "postgres", "postgres",
                    "embedded PostgreSQL on port " + postgres.getPort());
        } catch (IOException e) {
            throw new UncheckedIOException("Embedded PostgreSQL for tests did not start", e);
        }
    }
}
