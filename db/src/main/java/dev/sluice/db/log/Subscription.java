package dev.sluice.db.log;

/**
 * A reader of a destination's log with its own cursors: a queue's one subscription, or a topic subscription
 * (non-durable, durable, shared). Immutable.
 *
 * @param ownerSession the coordination session owning a non-durable subscription, null for durable ones
 */
public record Subscription(long id, int destinationId, String name, boolean durable, boolean shared,
                           String clientId, String selector, boolean noLocal, Long ownerSession) {
}
