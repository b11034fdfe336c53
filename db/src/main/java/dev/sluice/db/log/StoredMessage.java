package dev.sluice.db.log;

/** A message read back from the log with its position. Immutable. */
public record StoredMessage(int destinationId, int partition, long offset, MessageRecord record) {
}
