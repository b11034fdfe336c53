package dev.sluice.db.xa;

import javax.transaction.xa.XAException;

/** XAExceptions that carry both the XA error code a transaction manager acts on and a message a person can read. */
final class XaErrors {

    private XaErrors() {
    }

    static XAException of(int errorCode, String message) {
        XAException exception = new XAException(message);
        exception.errorCode = errorCode;
        return exception;
    }

    static XAException of(int errorCode, String message, Throwable cause) {
        XAException exception = of(errorCode, message);
        exception.initCause(cause);
        return exception;
    }

    /** Whether the connection broke, so that the outcome is unknown and the transaction manager must retry. */
    static boolean isConnectionFailure(java.sql.SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.startsWith("57P"));
    }
}
