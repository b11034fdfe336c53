package dev.sluice.db.maintenance;

import org.jdbi.v3.core.Jdbi;

/**
 * Keeps {@code sluice.partition_statistics} up to date: adds the body bytes of the messages appended since the
 * last count. The count is incremental ({@code counted_offset} remembers how far it got) and reads only the new
 * rows through the primary key, so appends never pay for statistics and each run costs what was appended since the
 * previous one. Retention by size relies on it ({@code bytes_in - bytes_removed} is what a partition holds).
 *
 * <p>The new offsets are read in the same snapshot as {@code next_offset}: offsets become visible in order (see
 * {@code LogStore}), so every row below that {@code next_offset} is visible and none is counted twice or missed.
 * Thread-safe; two concurrent runs are serialised by the row locks of the update.
 */
public final class ByteCounter {

    /** Offsets counted per partition per statement. */
    private static final int SPAN = 100_000;
    private static final int MAX_ROUNDS = 20;

    private static final String COUNT = """
            with due as (
                select s.destination_id, s.partition, s.counted_offset as from_offset,
                       least(p.next_offset, s.counted_offset + :span) as to_offset
                  from sluice.partition_statistics s
                  join sluice.log_partition p on p.destination_id = s.destination_id and p.partition = s.partition
                 where s.counted_offset < p.next_offset
                 for update of s
            ), sums as (
                select d.destination_id, d.partition, d.to_offset,
                       (select coalesce(sum(coalesce(octet_length(m.body), 0)), 0) from sluice.message m
                         where m.destination_id = d.destination_id and m.partition = d.partition
                           and m.log_offset >= d.from_offset and m.log_offset < d.to_offset) as bytes
                  from due d
            )
            update sluice.partition_statistics s set counted_offset = sums.to_offset, bytes_in = s.bytes_in + sums.bytes
              from sums
             where s.destination_id = sums.destination_id and s.partition = sums.partition""";

    private final Jdbi jdbi;

    public ByteCounter(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Counts everything appended since the last run; returns how many partitions had new messages. */
    public int count() {
        int partitions = 0;
        // Bounded: under a steady stream of appends there is always something new; the next run counts it.
        for (int round = 0; round < MAX_ROUNDS; round++) {
            int updated = jdbi.inTransaction(handle -> handle.createUpdate(COUNT).bind("span", SPAN).execute());
            partitions = Math.max(partitions, updated);
            if (updated == 0) {
                break;
            }
        }
        return partitions;
    }
}
