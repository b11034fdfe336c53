package dev.sluice.coordination;

/**
 * The coordinator's session has expired (it stopped heartbeating for longer than its timeout, and some
 * participant deleted it together with its ephemeral nodes). A session never comes back: open a new
 * {@link Coordinator}. Immutable.
 */
public class SessionExpiredException extends CoordinationException {

    private static final long serialVersionUID = 1L;

    private final long sessionId;

    public SessionExpiredException(long sessionId, String message) {
        super(message);
        this.sessionId = sessionId;
    }

    public SessionExpiredException(long sessionId) {
        this(sessionId, "Coordination session " + sessionId
                + " has expired and its ephemeral nodes are gone; open a new Coordinator");
    }

    public long sessionId() {
        return sessionId;
    }
}
