package dev.sluice.db.engine;

/**
 * One record in flight that a holder was handed: which subscription, where in the log. What an acknowledgement,
 * a release or a return names.
 */
public record Held(long subscriptionId, int destinationId, int partition, long offset) {
}
