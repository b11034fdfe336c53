package dev.sluice.db.maintenance;

import org.jdbi.v3.core.Jdbi;

/**
 * Deletes messages whose JMSExpiration has passed (by the database clock), with their in-flight records in every
 * subscription: JMS never delivers an expired message (Jakarta Messaging 3.1, section 3.4.9), so keeping it only
 * costs space. Works in batches of its own transactions, oldest expiry first, through the partial index
 * {@code message_expires_at}; a batch skips rows another transaction has locked. The bytes removed are subtracted
 * from {@code partition_statistics}. Thread-safe.
 */
public final class ExpiredMessageReaper {

    /** Rows deleted per transaction unless the caller says otherwise. */
    public static final int DEFAULT_BATCH = 5_000;

    private static final String DELETE_BATCH = """
            with expired as (
                select destination_id, partition, log_offset from sluice.message
                 where expires_at <> 0 and expires_at <= sluice.now_ms()
                 order by expires_at limit :batch for update skip locked
            ), gone as (
                delete from sluice.message m using expired e
                 where m.destination_id = e.destination_id and m.partition = e.partition
                   and m.log_offset = e.log_offset
                returning m.destination_id, m.partition, m.log_offset, coalesce(octet_length(m.body), 0) as bytes
            ), released as (
                delete from sluice.delivery dl using gone g
                 where dl.destination_id = g.destination_id and dl.partition = g.partition
                   and dl.log_offset = g.log_offset
                returning 1
            ), counted as (
                update sluice.partition_statistics s
                   set messages_expired = s.messages_expired + t.messages, bytes_removed = s.bytes_removed + t.bytes
                  from (select g.destination_id, g.partition, count(*) as messages,
                               coalesce(sum(g.bytes) filter (where g.log_offset < ps.counted_offset), 0) as bytes
                          from gone g
                          join sluice.partition_statistics ps
                            on ps.destination_id = g.destination_id and ps.partition = g.partition
                         group by g.destination_id, g.partition) t
                 where s.destination_id = t.destination_id and s.partition = t.partition
                returning 1
            )
            select count(*) from gone""";

    private final Jdbi jdbi;
    private final int batchSize;

    public ExpiredMessageReaper(Jdbi jdbi) {
        this(jdbi, DEFAULT_BATCH);
    }

    public ExpiredMessageReaper(Jdbi jdbi, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("Expiry batch size " + batchSize + " must be at least 1");
        }
        this.jdbi = jdbi;
        this.batchSize = batchSize;
    }

    /** Deletes every message expired now, batch after batch; returns how many. */
    public long reap() {
        long total = 0;
        while (true) {
            int deleted = jdbi.inTransaction(handle -> handle.createQuery(DELETE_BATCH)
                    .bind("batch", batchSize)
                    .mapTo(Integer.class)
                    .one());
            total += deleted;
            if (deleted < batchSize) {
                return total;
            }
        }
    }
}
