package dev.sluice.server.admin;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.db.OutageLog;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;

/**
 * The admin endpoint's own small pool, whose every wait is short, so that {@code /health} and {@code /metrics}
 * answer within {@value #ANSWER_WITHIN_SECONDS} s when the database is down or hangs, instead of waiting the
 * 10 s a duty of the server's main pool may wait for a connection (a monitoring system's scrape must not time out
 * and a load balancer must see DOWN quickly). The bounds: at most {@value #CONNECTION_WAIT_MS} ms for a
 * connection (a refused or unanswered connect is retried by the pool meanwhile), {@value #STATEMENT_TIMEOUT_MS} ms
 * for a statement (PostgreSQL cancels it), and a socket timeout behind both for a server that vanished mid-query.
 * Created without connecting, so a server starts whether or not the database answers at that moment.
 *
 * <p>Thread-safe.
 */
public final class MonitoringPool implements AutoCloseable {

    static final int ANSWER_WITHIN_SECONDS = 2;
    private static final long CONNECTION_WAIT_MS = 800;
    /** How long a statement of the admin endpoint (the web console's too) may run before PostgreSQL cancels it. */
    public static final long STATEMENT_TIMEOUT_MS = 1000;
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(3);

    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private final OutageLog outageLog;

    /** A pool of two connections to {@code jdbcUrl}; {@code user} and {@code password} may be null. */
    public MonitoringPool(String name, String jdbcUrl, String user, String password) {
        this(name, jdbcUrl, user, password, new OutageLog(jdbcUrl));
    }

    /** As above, reporting outages to {@code outageLog} (the server's, so that an outage is told once). */
    public MonitoringPool(String name, String jdbcUrl, String user, String password, OutageLog outageLog) {
        this.outageLog = outageLog;
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(CONNECTION_WAIT_MS);
        config.setValidationTimeout(Math.min(CONNECTION_WAIT_MS / 2, 500));
        config.setInitializationFailTimeout(-1);
        config.setConnectionInitSql("set statement_timeout = " + STATEMENT_TIMEOUT_MS);
        config.addDataSourceProperty("connectTimeout", "1");
        config.addDataSourceProperty("socketTimeout", String.valueOf(SOCKET_TIMEOUT.toSeconds()));
        this.pool = new HikariDataSource(config);
        this.jdbi = Jdbi.create(pool).installPlugin(new PostgresPlugin());
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public OutageLog outageLog() {
        return outageLog;
    }

    @Override
    public void close() {
        pool.close();
    }
}
