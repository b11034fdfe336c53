package dev.sluice.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceLoader;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sluice's handle on PostgreSQL: starts the embedded server when no URL is given (with {@code sluice-embedded} on
 * the class path), checks the schema version ({@link SchemaVersion}; it never migrates), owns the connection pool
 * and hands out a {@link Jdbi}. Every Sluice table lives in the schema {@value #SCHEMA}. Thread-safe; close it
 * once, which closes the pool and stops an embedded server it started.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    public static final String SCHEMA = "sluice";
    private static final int RELAXED_POOL_SIZE = 8;

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private final HikariDataSource relaxedPool;
    private final Jdbi relaxedJdbi;
    private final EmbeddedServer embedded;
    private final OutageLog outageLog;

    private Database(String jdbcUrl, String user, String password, HikariDataSource pool,
                     HikariDataSource relaxedPool, EmbeddedServer embedded) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.pool = pool;
        this.relaxedPool = relaxedPool;
        this.embedded = embedded;
        this.outageLog = new OutageLog(jdbcUrl);
        this.jdbi = Jdbi.create(pool).installPlugin(new PostgresPlugin());
        this.relaxedJdbi = Jdbi.create(relaxedPool).installPlugin(new PostgresPlugin());
    }

    /**
     * Connects (starting the embedded server if the config has no URL), checks that the schema is migrated and
     * opens the pool.
     *
     * @throws DatabaseUnavailableException when PostgreSQL cannot be reached or refuses the login
     * @throws SchemaNotMigratedException   when the database has no Sluice schema or an older one, naming the
     *                                      command that migrates it
     * @throws AccessDeniedException        when the login may not use the schema, saying which grant it lacks
     * @throws SluiceDatabaseException      when the config has no URL and {@code sluice-embedded} is missing
     */
    public static Database open(DatabaseConfig config) {
        EmbeddedServer embedded = config.embedded()
                ? embeddedStarter().start(config.embeddedDataDir(), config.embeddedPort())
                : null;
        String url = embedded == null ? config.jdbcUrl() : embedded.jdbcUrl();
        String user = embedded == null ? config.user() : embedded.user();
        String password = embedded == null ? config.password() : null;
        try {
            HikariDataSource pool = createPool("sluice-pool", url, user, password, config.poolSize(),
                    config.connectionTimeoutMs(), null);
            HikariDataSource relaxedPool;
            try {
                SchemaVersion.require(pool, url, user, password);
                relaxedPool = createPool("sluice-pool-relaxed", url, user, password,
                        Math.min(config.poolSize(), RELAXED_POOL_SIZE), config.connectionTimeoutMs(),
                        "set synchronous_commit = off");
            } catch (RuntimeException e) {
                pool.close();
                throw e;
            }
            return new Database(url, user, password, pool, relaxedPool, embedded);
        } catch (RuntimeException e) {
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
    }

    /** The embedded PostgreSQL of {@code sluice-embedded}, if that is on the class path. */
    private static EmbeddedServerStarter embeddedStarter() {
        for (ClassLoader loader : new ClassLoader[] {Thread.currentThread().getContextClassLoader(),
                Database.class.getClassLoader()}) {
            Iterator<EmbeddedServerStarter> found = ServiceLoader.load(EmbeddedServerStarter.class, loader).iterator();
            if (found.hasNext()) {
                return found.next();
            }
        }
        throw new SluiceDatabaseException("No database URL was given, and the embedded PostgreSQL is not on the"
                + " class path: add the dependency dev.sluice:sluice-embedded (the version of sluice-client) to"
                + " run one inside this JVM, or give the URL of a running server (./sluice server listens on"
                + " jdbc:postgresql://localhost:15432/postgres?user=postgres; './sluice url' prints it)");
    }

    private static SQLException findSqlException(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    private static HikariDataSource createPool(String name, String url, String user, String password, int size,
                                               long connectionTimeoutMs, String initSql) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(name);
        if (initSql != null) {
            hikari.setConnectionInitSql(initSql);
        }
        hikari.setJdbcUrl(url);
        hikari.setUsername(user);
        hikari.setPassword(password);
        hikari.setMaximumPoolSize(size);
        hikari.setMinimumIdle(Math.min(2, size));
        hikari.setConnectionTimeout(connectionTimeoutMs);
        hikari.setInitializationFailTimeout(10_000);
        try {
            return new HikariDataSource(hikari);
        } catch (HikariPool.PoolInitializationException e) {
            SQLException cause = findSqlException(e);
            throw new DatabaseUnavailableException(url, cause != null ? cause : new SQLException(e.getMessage(), e));
        }
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /**
     * A Jdbi whose connections commit without waiting for the WAL flush ({@code synchronous_commit = off} for the
     * whole connection, so no extra {@code SET LOCAL} round trip): for writes that may be lost in a PostgreSQL
     * crash without harm (claims, which are simply made again; AUTO/DUPS_OK acknowledgements, which JMS lets
     * redeliver). Visibility at commit is the same as in the durable pool. Statements keep PostgreSQL's generic
     * plans once prepared, so whatever runs here must be written so that a plan made while its tables were empty
     * stays good when they are large (see claim.sql).
     */
    public Jdbi relaxedJdbi() {
        return relaxedJdbi;
    }

    public DataSource dataSource() {
        return pool;
    }

    /** The URL clients use to reach this database (for the embedded server: the one it listens on). */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String user() {
        return user;
    }

    /**
     * Opens a connection outside the pool, for work that keeps a connection for long (LISTEN). The caller
     * closes it.
     */
    public Connection openDedicatedConnection() throws SQLException {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection(jdbcUrl, properties);
    }

    /** Where the background loops on this database report an outage, so that the operator hears of it once. */
    public OutageLog outageLog() {
        return outageLog;
    }

    /** The embedded server this database started, if any. */
    public Optional<EmbeddedServer> embeddedServer() {
        return Optional.ofNullable(embedded);
    }

    @Override
    public void close() {
        relaxedPool.close();
        pool.close();
        if (embedded != null) {
            embedded.close();
        }
        LOG.debug("Database {} closed", JdbcUrls.redact(jdbcUrl));
    }
}
