package dev.sluice.db.maintenance;

import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Applies each destination's retention (as Kafka does: whether or not anyone consumed them, the oldest messages of a
 * partition go once they are older than {@code retention_ms}, or once the partition holds more than
 * {@code retention_bytes} body bytes). Retention only ever removes a prefix of a partition's log, so the log stays
 * a contiguous offset range from {@code log_partition.start_offset} on.
 *
 * <p><b>Without bloat.</b> The prefix is removed by primary-key ranges of {@value #DEFAULT_BATCH} offsets, each in
 * a short transaction of its own (with the in-flight records of those offsets), so no transaction holds many row
 * locks or a long snapshot. The space of deleted rows is reused by later appends once VACUUM has run on the table
 * ({@link MessageVacuum}); the caller does that when a run removed much. The partition's {@code start_offset} moves
 * first, in its own one-row transaction, so appends (which lock that row) never wait for a delete.
 *
 * <p>Size is measured from {@code partition_statistics} (see {@link ByteCounter}, which must have run first);
 * a partition it has not counted yet is left alone until it has. Thread-safe.
 */
public final class RetentionEnforcer {

    /** Offsets deleted per transaction. */
    public static final int DEFAULT_BATCH = 10_000;

    private static final String RETAINED = """
            select d.destination_id, d.retention_ms, d.retention_bytes, p.partition, p.start_offset, p.next_offset,
                   s.counted_offset, s.bytes_in - s.bytes_removed as stored_bytes
              from sluice.destination d
              join sluice.log_partition p on p.destination_id = d.destination_id
              left join sluice.partition_statistics s
                on s.destination_id = p.destination_id and s.partition = p.partition
             where d.retention_ms is not null or d.retention_bytes is not null
             order by d.destination_id, p.partition""";

    private static final String FIRST_RECENT = """
            select coalesce((select m.log_offset from sluice.message m
                              where m.destination_id = p.destination_id and m.partition = p.partition
                                and m.log_offset >= p.start_offset and m.sent_at >= sluice.now_ms() - :retention
                              order by m.log_offset limit 1), p.next_offset)
              from sluice.log_partition p where p.destination_id = :d and p.partition = :p""";

    private static final String SIZES = """
            select log_offset, coalesce(octet_length(body), 0) as bytes from sluice.message
             where destination_id = :d and partition = :p and log_offset >= :from and log_offset < :to
             order by log_offset limit :limit""";

    private static final String LOWEST = """
            select min(log_offset) from sluice.message where destination_id = :d and partition = :p""";

    private static final String MOVE_START = """
            update sluice.log_partition set start_offset = :cut
             where destination_id = :d and partition = :p and start_offset < :cut""";

    private static final String DELETE_RANGE = """
            with gone as (
                delete from sluice.message
                 where destination_id = :d and partition = :p and log_offset >= :from and log_offset < :to
                returning log_offset, coalesce(octet_length(body), 0) as bytes
            ), released as (
                delete from sluice.delivery
                 where destination_id = :d and partition = :p and log_offset >= :from and log_offset < :to
                returning 1
            ), counted as (
                update sluice.partition_statistics s
                   set messages_retention = s.messages_retention + (select count(*) from gone),
                       bytes_removed = s.bytes_removed
                           + (select coalesce(sum(g.bytes), 0) from gone g where g.log_offset < s.counted_offset)
                 where s.destination_id = :d and s.partition = :p
                returning 1
            )
            select count(*) as messages, coalesce(sum(bytes), 0) as bytes from gone""";

    /** What one run removed. */
    public record Removed(long messages, long bytes) {

        Removed plus(Removed other) {
            return new Removed(messages + other.messages, bytes + other.bytes);
        }
    }

    private record PartitionState(int destinationId, Long retentionMs, Long retentionBytes, int partition,
                                  long startOffset, long nextOffset, Long countedOffset, Long storedBytes) {
    }

    private record Sized(long offset, long bytes) {
    }

    private final Jdbi jdbi;
    private final int batchSize;

    public RetentionEnforcer(Jdbi jdbi) {
        this(jdbi, DEFAULT_BATCH);
    }

    public RetentionEnforcer(Jdbi jdbi, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("Retention batch size " + batchSize + " must be at least 1");
        }
        this.jdbi = jdbi;
        this.batchSize = batchSize;
    }

    /** Removes, from every partition of every destination with a retention, what the retention no longer keeps. */
    public Removed enforce() {
        List<PartitionState> partitions = jdbi.withHandle(handle -> handle.createQuery(RETAINED)
                .map((rs, ctx) -> new PartitionState(rs.getInt("destination_id"), (Long) rs.getObject("retention_ms"),
                        (Long) rs.getObject("retention_bytes"), rs.getInt("partition"), rs.getLong("start_offset"),
                        rs.getLong("next_offset"), (Long) rs.getObject("counted_offset"),
                        (Long) rs.getObject("stored_bytes")))
                .list());
        Removed removed = new Removed(0, 0);
        for (PartitionState partition : partitions) {
            long cut = partition.startOffset();
            if (partition.retentionMs() != null) {
                cut = Math.max(cut, timeCut(partition));
            }
            if (partition.retentionBytes() != null) {
                cut = Math.max(cut, sizeCut(partition));
            }
            if (cut > partition.startOffset()) {
                removed = removed.plus(removeBelow(partition, cut));
            }
        }
        return removed;
    }

    /** The first offset whose message is recent enough to keep. */
    private long timeCut(PartitionState partition) {
        return jdbi.withHandle(handle -> handle.createQuery(FIRST_RECENT)
                .bind("d", partition.destinationId())
                .bind("p", partition.partition())
                .bind("retention", partition.retentionMs())
                .mapTo(Long.class)
                .one());
    }

    /** The first offset to keep so that what remains (of the counted part) fits the size limit. */
    private long sizeCut(PartitionState partition) {
        if (partition.countedOffset() == null || partition.storedBytes() <= partition.retentionBytes()) {
            return partition.startOffset();
        }
        long excess = partition.storedBytes() - partition.retentionBytes();
        long countedOffset = partition.countedOffset();
        long from = partition.startOffset();
        long accumulated = 0;
        while (from < countedOffset) {
            long scanFrom = from;
            List<Sized> sizes = jdbi.withHandle(handle -> handle.createQuery(SIZES)
                    .bind("d", partition.destinationId())
                    .bind("p", partition.partition())
                    .bind("from", scanFrom)
                    .bind("to", countedOffset)
                    .bind("limit", batchSize)
                    .map((rs, ctx) -> new Sized(rs.getLong("log_offset"), rs.getLong("bytes")))
                    .list());
            if (sizes.isEmpty()) {
                break;
            }
            for (Sized sized : sizes) {
                accumulated += sized.bytes();
                if (accumulated >= excess) {
                    return sized.offset() + 1;
                }
            }
            from = sizes.get(sizes.size() - 1).offset() + 1;
        }
        return countedOffset;
    }

    private Removed removeBelow(PartitionState partition, long cut) {
        int destinationId = partition.destinationId();
        int partitionNumber = partition.partition();
        jdbi.useHandle(handle -> handle.createUpdate(MOVE_START)
                .bind("d", destinationId)
                .bind("p", partitionNumber)
                .bind("cut", cut)
                .execute());
        Long lowest = jdbi.withHandle(handle -> handle.createQuery(LOWEST)
                .bind("d", destinationId)
                .bind("p", partitionNumber)
                .mapTo(Long.class)
                .findOne()
                .orElse(null));
        Removed removed = new Removed(0, 0);
        if (lowest == null) {
            return removed;
        }
        for (long from = lowest; from < cut; from += batchSize) {
            long batchFrom = from;
            long batchTo = Math.min(from + batchSize, cut);
            removed = removed.plus(jdbi.inTransaction(handle -> handle.createQuery(DELETE_RANGE)
                    .bind("d", destinationId)
                    .bind("p", partitionNumber)
                    .bind("from", batchFrom)
                    .bind("to", batchTo)
                    .map((rs, ctx) -> new Removed(rs.getLong("messages"), rs.getLong("bytes")))
                    .one()));
        }
        return removed;
    }
}
