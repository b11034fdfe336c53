package dev.sluice.db;

import java.sql.SQLException;

/**
 * PostgreSQL refused the login's request for want of a privilege (SQLSTATE 42501: a missing grant, or a row-level
 * security policy of Sluice's tables); the message says what was being done and, where known, which grant is
 * missing.
 */
public class AccessDeniedException extends SluiceDatabaseException {

    /** The SQLSTATE of an insufficient privilege. */
    public static final String SQL_STATE = "42501";

    public AccessDeniedException(String message) {
        super(message);
    }

    public AccessDeniedException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether {@code error} or one of its causes is PostgreSQL's refusal for want of a privilege. */
    public static boolean causedBy(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof AccessDeniedException
                    || cause instanceof SQLException sql && SQL_STATE.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
