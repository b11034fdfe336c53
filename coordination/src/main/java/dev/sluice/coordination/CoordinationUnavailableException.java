package dev.sluice.coordination;

/**
 * PostgreSQL could not be reached or the connection broke during an operation. For a write the outcome is
 * unknown: it may or may not have been applied. Immutable.
 */
public class CoordinationUnavailableException extends CoordinationException {

    private static final long serialVersionUID = 1L;

    public CoordinationUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
