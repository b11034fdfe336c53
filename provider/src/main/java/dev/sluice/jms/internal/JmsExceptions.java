package dev.sluice.jms.internal;

import dev.sluice.db.AccessDeniedException;
import dev.sluice.db.DatabaseUnavailableException;
import dev.sluice.db.log.DestinationNotFoundException;
import dev.sluice.db.log.InvalidDestinationNameException;
import jakarta.jms.IllegalStateException;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.InvalidClientIDRuntimeException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.InvalidSelectorRuntimeException;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.MessageNotWriteableRuntimeException;
import jakarta.jms.ResourceAllocationException;
import jakarta.jms.ResourceAllocationRuntimeException;
import jakarta.jms.TransactionInProgressException;
import jakarta.jms.TransactionInProgressRuntimeException;
import jakarta.jms.TransactionRolledBackException;
import jakarta.jms.TransactionRolledBackRuntimeException;

/**
 * The one place where failures below the JMS layer become the JMS exceptions the specification names, always with
 * the cause attached ({@code setLinkedException} and {@code initCause}), and where checked JMS exceptions become
 * their {@code *RuntimeException} twins for the simplified API.
 */
public final class JmsExceptions {

    private JmsExceptions() {
    }

    /** Wraps {@code cause} as the matching JMS exception; {@code what} says what was being done. */
    public static JMSException toJms(String what, Throwable cause) {
        if (cause instanceof JMSException jms) {
            return jms;
        }
        String message = what + ": " + cause.getMessage();
        JMSException result;
        if (cause instanceof DatabaseUnavailableException unavailable && unavailable.authenticationFailed()) {
            result = new JMSSecurityException(message, unavailable.sqlState());
        } else if (cause instanceof AccessDeniedException) {
            result = new JMSSecurityException(message, AccessDeniedException.SQL_STATE);
        } else if (cause instanceof InvalidDestinationNameException || cause instanceof DestinationNotFoundException) {
            result = new InvalidDestinationException(message);
        } else if (cause instanceof DatabaseUnavailableException unavailable) {
            result = new JMSException(message, unavailable.sqlState());
        } else {
            result = new JMSException(message);
        }
        return link(result, cause);
    }

    /** Whether {@code e} comes of the database being unreachable (a retry may succeed), not of the request. */
    static boolean isDatabaseUnavailable(JMSException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof DatabaseUnavailableException unavailable) {
                return !unavailable.authenticationFailed();
            }
            if (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    /** Attaches {@code cause} both as linked exception and as Java cause. */
    public static <E extends JMSException> E link(E exception, Throwable cause) {
        if (cause instanceof Exception e) {
            exception.setLinkedException(e);
        }
        if (exception.getCause() == null && cause != null) {
            exception.initCause(cause);
        }
        return exception;
    }

    /** The runtime twin of a checked JMS exception, for JMSContext, JMSProducer and JMSConsumer. */
    public static JMSRuntimeException toRuntime(JMSException e) {
        String message = e.getMessage();
        String code = e.getErrorCode();
        JMSRuntimeException result;
        if (e instanceof IllegalStateException) {
            result = new IllegalStateRuntimeException(message, code, e);
        } else if (e instanceof InvalidClientIDException) {
            result = new InvalidClientIDRuntimeException(message, code, e);
        } else if (e instanceof InvalidDestinationException) {
            result = new InvalidDestinationRuntimeException(message, code, e);
        } else if (e instanceof InvalidSelectorException) {
            result = new InvalidSelectorRuntimeException(message, code, e);
        } else if (e instanceof JMSSecurityException) {
            result = new JMSSecurityRuntimeException(message, code, e);
        } else if (e instanceof MessageFormatException) {
            result = new MessageFormatRuntimeException(message, code, e);
        } else if (e instanceof MessageNotWriteableException) {
            result = new MessageNotWriteableRuntimeException(message, code, e);
        } else if (e instanceof ResourceAllocationException) {
            result = new ResourceAllocationRuntimeException(message, code, e);
        } else if (e instanceof TransactionInProgressException) {
            result = new TransactionInProgressRuntimeException(message, code, e);
        } else if (e instanceof TransactionRolledBackException) {
            result = new TransactionRolledBackRuntimeException(message, code, e);
        } else {
            result = new JMSRuntimeException(message, code, e);
        }
        return result;
    }
}
