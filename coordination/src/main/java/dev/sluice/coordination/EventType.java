package dev.sluice.coordination;

/**
 * What a {@link WatchedEvent} reports. Immutable.
 */
public enum EventType {
    /**
     * Not a node change: the session's state changed ({@link WatchedEvent#state()} says to what). Watches end
     * with such an event when the session expires or closes; after the watch connection was lost and restored,
     * every watch gets one with state {@link SessionState#CONNECTED}, meaning "changes may have been missed,
     * read again".
     */
    NONE,
    NODE_CREATED,
    NODE_DELETED,
    NODE_DATA_CHANGED,
    NODE_CHILDREN_CHANGED
}
