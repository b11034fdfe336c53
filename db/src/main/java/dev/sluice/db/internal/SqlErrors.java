package dev.sluice.db.internal;

import dev.sluice.db.AccessDeniedException;
import dev.sluice.db.DatabaseUnavailableException;
import dev.sluice.db.SluiceDatabaseException;
import java.sql.SQLException;

/**
 * The one place where driver and Jdbi failures become the storage layer's exceptions: SQLSTATE class 08 (connection)
 * and 57P (server shutting down or restarted) mean the database is unavailable, class 28 a refused login (both
 * {@link DatabaseUnavailableException}); 42501, a missing privilege or a row-level security policy's refusal, an
 * {@link AccessDeniedException}; anything else is a {@link SluiceDatabaseException} naming what was being done.
 * Exceptions that are already the layer's own pass through unchanged. Stateless.
 */
public final class SqlErrors {

    private SqlErrors() {
    }

    public static SluiceDatabaseException translate(String what, Throwable error) {
        if (error instanceof SluiceDatabaseException own) {
            return own;
        }
        SQLException sql = sqlCause(error);
        if (sql != null && unavailable(sql.getSQLState())) {
            return DatabaseUnavailableException.during(what, sql);
        }
        if (sql != null && AccessDeniedException.SQL_STATE.equals(sql.getSQLState())) {
            return new AccessDeniedException(what + " was refused: " + sql.getMessage(), error);
        }
        return new SluiceDatabaseException(what + " failed: " + (sql != null ? sql.getMessage() : error.getMessage()),
                error);
    }

    /**
     * Whether PostgreSQL refused the data itself (SQLSTATE class 22 data exception, 23 integrity violation, 54
     * program limit exceeded) or this request of the login (42501: no permission for that destination): the same
     * statement with other data may succeed, unlike when the database is down.
     */
    public static boolean causedByData(Throwable error) {
        SQLException sql = sqlCause(error);
        String state = sql == null ? null : sql.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23") || state.startsWith("54")
                || state.equals(AccessDeniedException.SQL_STATE));
    }

    static boolean unavailable(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.startsWith("57P")
                || sqlState.startsWith("28"));
    }

    private static SQLException sqlCause(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }
}
