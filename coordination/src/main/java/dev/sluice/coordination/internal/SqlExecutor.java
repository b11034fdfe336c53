package dev.sluice.coordination.internal;

import dev.sluice.coordination.CoordinationException;
import dev.sluice.coordination.CoordinationUnavailableException;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Runs coordination SQL on the pool: one statement in auto-commit, or several in one READ COMMITTED transaction.
 * Deadlocks and serialization failures (SQLState 40P01, 40001), which the lock order of the node operations makes
 * rare but cannot exclude, are retried a few times; a broken connection becomes a
 * {@link CoordinationUnavailableException}; other database errors a {@link CoordinationException} naming the
 * operation. {@link CoordinationException}s thrown by the callback pass through unchanged. Thread-safe.
 */
public final class SqlExecutor {

    private static final int MAX_ATTEMPTS = 8;

    private final Jdbi jdbi;

    public SqlExecutor(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** Runs {@code work} on a pooled handle in auto-commit mode (one statement = one transaction). */
    public <T> T autoCommit(String operation, HandleCallback<T, RuntimeException> work) {
        return retrying(operation, () -> jdbi.withHandle(work));
    }

    /**
     * Runs {@code work} in one transaction, committed when it returns and rolled back when it throws. The
     * isolation level is the connection's, READ COMMITTED by PostgreSQL's default (setting it explicitly would
     * cost two more round trips per transaction); the lock order of the node operations is designed for it.
     */
    public <T> T transaction(String operation, HandleCallback<T, RuntimeException> work) {
        return retrying(operation, () -> jdbi.inTransaction(work));
    }

    private interface Attempt<T> {
        T run();
    }

    private static <T> T retrying(String operation, Attempt<T> attempt) {
        for (int attemptNumber = 1; ; attemptNumber++) {
            try {
                return attempt.run();
            } catch (CoordinationException e) {
                throw e;
            } catch (JdbiException e) {
                String state = sqlState(e);
                if (isRetryable(state) && attemptNumber < MAX_ATTEMPTS) {
                    // Back off a little, randomly, so the transactions that collided do not collide again.
                    LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(100_000, 2_000_000L * attemptNumber));
                    continue;
                }
                throw translate(operation, e);
            }
        }
    }

    /** The SQLState of the first {@link SQLException} in {@code error}'s cause chain, or null. */
    public static String sqlState(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    private static boolean isRetryable(String state) {
        return "40001".equals(state) || "40P01".equals(state);
    }

    private static boolean isConnectionFailure(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("53300"));
    }

    /** The coordination exception for a database failure of {@code operation}. */
    public static CoordinationException translate(String operation, RuntimeException error) {
        String state = sqlState(error);
        if (isConnectionFailure(state) || (state == null && error instanceof org.jdbi.v3.core.ConnectionException)) {
            return new CoordinationUnavailableException("PostgreSQL was unreachable during " + operation
                    + " (SQLState " + state + "); the outcome of a write is unknown: " + error.getMessage(), error);
        }
        return new CoordinationException(operation + " failed in PostgreSQL (SQLState " + state + "): "
                + error.getMessage(), error);
    }
}
