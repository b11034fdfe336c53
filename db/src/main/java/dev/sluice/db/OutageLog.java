package dev.sluice.db;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
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
 * ends after it (with the last failure of its attempts) is not a new outage.
 *
 * <p>A database that answers again is believed back only once it has stayed reachable for {@link #SETTLE}: a
 * PostgreSQL in a fast shutdown can accept a reconnection for a few milliseconds before it refuses them, and that
 * blip is not an outage that ended and another that began. The INFO line comes when the recovery has settled (at
 * the first success after it, or a timer); it states when the database answered again. Thread-safe; one per
 * {@link Database}, shared by every loop that uses it.
 */
public final class OutageLog {

    /** How long the database must stay reachable after an outage before the outage is over. */
    static final Duration SETTLE = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(OutageLog.class);
    private static final long NONE = Long.MIN_VALUE;

    /** How a connection pool says how long a caller waited before it gave up (HikariCP's wording). */
    private static final Pattern POOL_WAIT = Pattern.compile("request timed out after (\\d+) ?ms");

    private final String database;
    private final LongSupplier nanoTime;
    private final Executor settleTimer;
    /** {@link System#nanoTime()} when the outage in progress began, or {@value #NONE}; guarded by this. */
    private long downSince = NONE;
    /** When the database answered again during the outage in progress, or {@value #NONE}; guarded by this. */
    private long answeredSince = NONE;
    /** When the last outage ended: when the database answered again. */
    private long upSince = NONE;
    private long outages;
    /** Whether an outage is in progress (answered again or not): the lock-free test of {@link #reached()}. */
    private volatile boolean inOutage;

    /** A log for {@code database}, its JDBC URL, say (shown with any password masked). */
    public OutageLog(String database) {
        this(database, System::nanoTime,
                CompletableFuture.delayedExecutor(SETTLE.toMillis(), TimeUnit.MILLISECONDS));
    }

    OutageLog(String database, LongSupplier nanoTime, Executor settleTimer) {
        this.database = JdbcUrls.redact(database);
        this.nanoTime = nanoTime;
        this.settleTimer = settleTimer;
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
        synchronized (this) {
            settleIfDue(now);
            long answered = downSince == NONE ? upSince : answeredSince;
            if (answered != NONE && waitBeganBefore(error, now, answered)) {
                // A pool's wait that began during the outage just ended; its last failed attempt is old news.
                LOG.debug("{} failed, waiting for a connection since before the database answered again", who,
                        error);
            } else if (downSince == NONE) {
                downSince = now;
                inOutage = true;
                outages++;
                LOG.warn("Database {} is unreachable ({}: {}); Sluice retries and says here when it is back",
                        database, who, reason(error));
                LOG.debug("{} failed", who, error);
            } else {
                if (answeredSince != NONE) {
                    LOG.debug("The database answered {} ms ago but is unreachable again: the same outage",
                            (now - answeredSince) / 1_000_000);
                    answeredSince = NONE;
                }
                LOG.debug("{} failed while the database is unreachable", who, error);
            }
        }
        return true;
    }

    /** Reports that something reached the database; ends an outage in progress once settled. Cheap when none. */
    public void reached() {
        if (!inOutage) {
            return;
        }
        long now = nanoTime.getAsLong();
        synchronized (this) {
            if (downSince != NONE && answeredSince == NONE) {
                answeredSince = now;
                settleTimer.execute(this::settle);
            } else {
                settleIfDue(now);
            }
        }
    }

    private synchronized void settle() {
        settleIfDue(nanoTime.getAsLong());
    }

    /** Ends the outage in progress if the database has answered for {@link #SETTLE} since. Holds this. */
    private void settleIfDue(long now) {
        if (answeredSince != NONE && now - answeredSince >= SETTLE.toNanos()) {
            LOG.info("Database {} is reachable again after {} ms", database, (answeredSince - downSince) / 1_000_000);
            upSince = answeredSince;
            downSince = NONE;
            answeredSince = NONE;
            inOutage = false;
        }
    }

    /** Whether {@code error} is a pool's wait for a connection that began before {@code answered}. */
    private static boolean waitBeganBefore(Throwable error, long now, long answered) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException && cause.getMessage() != null) {
                Matcher waited = POOL_WAIT.matcher(cause.getMessage());
                if (waited.find()) {
                    return now - Long.parseLong(waited.group(1)) * 1_000_000L < answered;
                }
            }
        }
        return false;
    }

    /** Whether the database is unreachable as far as this log knows: an outage began and it has not answered. */
    public synchronized boolean down() {
        return downSince != NONE && answeredSince == NONE;
    }

    /** How many outages have been told so far. */
    public synchronized long outages() {
        return outages;
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
