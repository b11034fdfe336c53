package dev.sluice.coordination;

/**
 * An operation was called on a {@link Coordinator} after {@link Coordinator#close()}. Immutable.
 */
public class CoordinatorClosedException extends CoordinationException {

    private static final long serialVersionUID = 1L;

    private final long sessionId;

    public CoordinatorClosedException(long sessionId) {
        super("Coordinator of session " + sessionId + " is closed");
        this.sessionId = sessionId;
    }

    public long sessionId() {
        return sessionId;
    }
}
