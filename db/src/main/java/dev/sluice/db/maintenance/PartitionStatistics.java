package dev.sluice.db.maintenance;

/**
 * One partition of a destination's log. Immutable.
 *
 * @param startOffset        the earliest offset retention has kept
 * @param nextOffset         the offset the next message gets (so {@code nextOffset} messages were ever appended)
 * @param bytesIn            body bytes ever appended (counted by the maintenance leader up to {@code countedOffset})
 * @param bytesStored        body bytes held now, of the counted part
 * @param messagesExpired    messages deleted because they expired
 * @param messagesRetention  messages deleted by retention
 * @param countedOffset      how far the byte figures reach; null before the first count
 */
public record PartitionStatistics(int partition, long startOffset, long nextOffset, long bytesIn, long bytesStored,
                                  long messagesExpired, long messagesRetention, Long countedOffset) {
}
