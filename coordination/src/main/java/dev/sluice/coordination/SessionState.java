package dev.sluice.coordination;

/**
 * The state of a coordination session as its client sees it. Immutable.
 *
 * <ul>
 *   <li>{@link #CONNECTED}: heartbeats are confirmed; the session's ephemeral nodes are safe.</li>
 *   <li>{@link #SUSPENDED}: no heartbeat has been confirmed for two thirds of the timeout (database unreachable,
 *       stalled process). The session may still be alive, or may expire any moment: a holder of a lock or
 *       leadership must stop acting as one. Returns to CONNECTED when a heartbeat succeeds again.</li>
 *   <li>{@link #EXPIRED}: the session is gone with its ephemeral nodes. Final.</li>
 *   <li>{@link #CLOSED}: the client closed the session. Final.</li>
 * </ul>
 */
public enum SessionState {
    CONNECTED,
    SUSPENDED,
    EXPIRED,
    CLOSED;

    public boolean isFinal() {
        return this == EXPIRED || this == CLOSED;
    }
}
