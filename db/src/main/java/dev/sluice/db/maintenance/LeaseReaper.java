package dev.sluice.db.maintenance;

import dev.sluice.db.log.LogStore;
import org.jdbi.v3.core.Jdbi;

/**
 * Makes records whose lease ran out available again: a consumer that acquired them stopped renewing (its process
 * died or hung), so they go back to the subscription, keeping their delivery count (the next delivery is flagged
 * as redelivered, Jakarta Messaging 3.1 section 3.5.11). Consumers would find such records by themselves on their
 * next fetch; this also notifies {@code sluice_log_<destination id>} (payload: the partition) so that consumers
 * waiting for messages wake up at once. One claim statement with {@code SKIP LOCKED} per batch. Thread-safe.
 */
public final class LeaseReaper {

    private static final int BATCH = 1_000;

    private static final String RELEASE_BATCH = """
            with expired as (
                select destination_id, partition, subscription_id, log_offset from sluice.delivery
                 where consumer_id is not null and lease_until <= sluice.now_ms()
                 limit :batch for update skip locked
            ), released as (
                update sluice.delivery dl set consumer_id = null, lease_until = null
                  from expired e
                 where dl.destination_id = e.destination_id and dl.partition = e.partition
                   and dl.subscription_id = e.subscription_id and dl.log_offset = e.log_offset
                returning dl.destination_id, dl.partition
            )
            select count(*) as released,
                   pg_notify('%s' || r.destination_id, r.partition::text) as notified
              from released r
             group by r.destination_id, r.partition""".formatted(LogStore.CHANNEL_PREFIX);

    private final Jdbi jdbi;

    public LeaseReaper(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Releases every record whose lease has run out; returns how many. */
    public long reap() {
        long total = 0;
        while (true) {
            long released = jdbi.inTransaction(handle -> handle.createQuery(RELEASE_BATCH)
                    .bind("batch", BATCH)
                    .map((rs, ctx) -> rs.getLong("released"))
                    .list()
                    .stream()
                    .mapToLong(Long::longValue)
                    .sum());
            total += released;
            if (released < BATCH) {
                return total;
            }
        }
    }
}
