package dev.sluice.db.maintenance;

import dev.sluice.db.log.DestinationKind;
import java.time.Instant;

/**
 * A destination with its figures, as {@link LogStatistics} read them. Immutable.
 *
 * @param retentionMs            how long messages are kept, null for unlimited
 * @param retentionBytes         body bytes kept per partition, null for unlimited
 * @param messagesIn             messages ever appended (the sum of the partitions' next offsets)
 * @param messagesOut            messages its subscriptions finished (acknowledged, or skipped by a selector, expiry
 *                               or retention); a topic counts each subscription's
 * @param bytesIn                body bytes ever appended, as far as the maintenance leader has counted
 * @param bytesStored            body bytes the log holds now (counted part)
 * @param oldestUnconsumedAgeMs  age of the oldest message some subscription has not finished, null when none
 * @param subscriptions          how many subscriptions it has (a queue: one)
 */
public record DestinationStatistics(int id, String name, DestinationKind kind, int partitions, boolean temporary,
                                    Long retentionMs, Long retentionBytes, Instant createdAt, long messagesIn,
                                    long messagesOut, long bytesIn, long bytesStored, Long oldestUnconsumedAgeMs,
                                    int subscriptions) {
}
