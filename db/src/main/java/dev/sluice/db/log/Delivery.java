package dev.sluice.db.log;

/** A message handed to a consumer, with how often it has been handed out (1 on first delivery). Immutable. */
public record Delivery(StoredMessage message, int deliveryCount) {
}
