package dev.sluice.db;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the operator once about each outage of a database, however many background loops notice it: the first
 * failure that shows the database unreachable is one WARN line naming the database, who saw it and why; later ones,
 * from any loop sharing this log, go to DEBUG (with their stack traces); the first success after it is one INFO
 * line saying how long it lasted. Without it, each heartbeat, sweep, listener and maintenance duty logged its own
 * stack trace every second of an outage: hundreds of lines that buried the one that mattered.
 *
 * <p>A failure counts as an outage when its causes show the connection refused, broken or timed out (SQLSTATE
 * class 08, 57P: the server shut down or restarting, a pool's wait for a connection that timed out); other failures
 * are the caller's to log as before. A pool's wait for a connection that began before the database came back and
 * ends after it (with the last failure of its attempts) is not a new outage. Thread-safe; one per {@link Database}, shared by every loop that uses it.
 */
public final class OutageLog {

    private static final Logger LOG = LoggerFactory.getLogger(OutageLog.class);
    private static final long UP = 0;

    /** How a connection pool says how long a caller waited before it gave up (HikariCP's wording). */
    private static final Pattern POOL_WAIT = Pattern.compile("request timed out after (\\d+) ?ms");

    private final String database;
    private final LongSupplier nanoTime;
    /** {@link System#nanoTime()} when the outage began (never {@value #UP} then), or {@value #UP}. */
    private final AtomicLong downSince = new AtomicLong(UP);
    /** {@link System#nanoTime()} when the last outage ended. */
    private volatile long upSince = Long.MIN_VALUE;

    /** A log for {@code database}, its JDBC URL, say (shown with any password masked). */
    public OutageLog(String database) {
        this(database, System::nanoTime);
    }

    OutageLog(String database, LongSupplier nanoTime) {
        this.database = JdbcUrls.redact(database);
        this.nanoTime = nanoTime;
    }

    /** Whether {@code error} says the database could not be reached (rather than that a statement was wrong). */
    public static boolean isOutage(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof DatabaseUnavailableException || cause instanceof ConnectException
                    || cause instanceof SQLTransientConnectionException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reports that {@code who} (such as "Coordination session 4 heartbeat") failed with {@code error}. Returns
     * true when it was an outage and has been logged here; false when it was not, and the caller logs it.
     */
    public boolean failed(String who, Throwable error) {
        if (!isOutage(error)) {
            return false;
        }
        long now = nanoTime.getAsLong();
        if (downSince.get() == UP && waitBeganBefore(error, now, upSince)) {
            // A pool's wait that began during the outage just ended; its last failed attempt is old news.
            LOG.debug("{} failed, waiting for a connection since before the database came back", who, error);
            return true;
        }
        if (downSince.compareAndSet(UP, now == UP ? 1 : now)) {
            LOG.warn("Database {} is unreachable ({}: {}); Sluice retries and says here when it is back", database,
                    who, reason(error));
            LOG.debug("{} failed", who, error);
        } else {
            LOG.debug("{} failed while the database is unreachable", who, error);
        }
        return true;
    }

    /** Reports that something reached the database; ends an outage in progress. Cheap when there is none. */
    public void reached() {
        long since = downSince.get();
        if (since != UP && downSince.compareAndSet(since, UP)) {
            long now = nanoTime.getAsLong();
            upSince = now;
            LOG.info("Database {} is reachable again after {} ms", database, (now - since) / 1_000_000);
        }
    }

    /** Whether {@code error} is a pool's wait for a connection that began before {@code upSince}. */
    private static boolean waitBeganBefore(Throwable error, long now, long upSince) {
        if (upSince == Long.MIN_VALUE) {
            return false;
        }
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException && cause.getMessage() != null) {
                Matcher waited = POOL_WAIT.matcher(cause.getMessage());
                if (waited.find()) {
                    return now - Long.parseLong(waited.group(1)) * 1_000_000L < upSince;
                }
            }
        }
        return false;
    }

    /** Whether an outage has been reported and not yet ended. */
    public boolean down() {
        return downSince.get() != UP;
    }

    private static String reason(Throwable error) {
        Throwable deepest = error;
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException) {
                deepest = cause;
            }
        }
        String message = deepest.getMessage() == null ? deepest.getClass().getSimpleName() : deepest.getMessage();
        return JdbcUrls.redact(message.replaceAll("\\s*\\R\\s*", " ").trim());
    }
}
