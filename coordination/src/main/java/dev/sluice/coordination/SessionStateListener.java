package dev.sluice.coordination;

/**
 * Told when its coordinator's session changes state. Called on the coordinator's event thread, in order with
 * watch events; must return quickly.
 */
@FunctionalInterface
public interface SessionStateListener {

    void stateChanged(SessionState newState);
}
