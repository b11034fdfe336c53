package dev.sluice.coordination;

/**
 * A change a {@link Watcher} is told about. Immutable.
 *
 * @param type  what happened
 * @param path  the node it happened to (for {@link EventType#NONE}: the watched path)
 * @param state the session state when the event was delivered
 */
public record WatchedEvent(EventType type, String path, SessionState state) {
}
