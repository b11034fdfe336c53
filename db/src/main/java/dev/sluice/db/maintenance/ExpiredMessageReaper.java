package dev.sluice.db.maintenance;

import dev.sluice.db.log.DeadLetterPolicy;
import dev.sluice.db.log.DestinationStore;
import dev.sluice.db.log.LogStore;
import dev.sluice.db.log.QueueTransfer;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes messages whose JMSExpiration has passed (by the database clock), with their in-flight records in every
 * subscription: JMS never delivers an expired message (Jakarta Messaging 3.1, section 3.4.9), so keeping it only
 * costs space. A destination with an expiry queue first gets a copy of each expired message some subscription had
 * not finished (its cursor had not passed it, or it was in flight, waiting, or parked by the consumer that found it
 * expired) appended to that queue in the same transaction, without expiration, with the properties
 * {@link DeadLetterPolicy#ORIGINAL_DESTINATION} and {@link DeadLetterPolicy#REASON}; such a message still held by a
 * live consumer waits for it (it was claimed before it expired: that consumer delivers or parks it). Works in
 * batches of their own transactions, oldest expiry first, through the partial index {@code message_expires_at}; a
 * batch skips rows another transaction has locked. The bytes removed are subtracted from
 * {@code partition_statistics}. Thread-safe.
 */
public final class ExpiredMessageReaper {

    private static final Logger LOG = LoggerFactory.getLogger(ExpiredMessageReaper.class);

    /** Rows deleted per transaction unless the caller says otherwise. */
    public static final int DEFAULT_BATCH = 5_000;

    /** {@code {{SELECTED}}}: the expired rows to take; the result is the number of messages gone, then per copy. */
    private static final String BATCH = """
            with expired as (
            {{SELECTED}}
            ), gone as (
                delete from sluice.message m using expired e
                 where m.destination_id = e.destination_id and m.partition = e.partition
                   and m.log_offset = e.log_offset
                returning m.*, e.expiry_queue, e.original_destination, coalesce(octet_length(m.body), 0) as bytes
            ), released as (
                delete from sluice.delivery dl using gone g
                 where dl.destination_id = g.destination_id and dl.partition = g.partition
                   and dl.log_offset = g.log_offset
                returning dl.destination_id, dl.partition, dl.log_offset
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
            ), unfinished as (
                select m.expiry_queue, m.original_destination, {{COLUMNS}}
                  from gone m
                 where m.expiry_queue is not null
                   and (exists (select 1 from released r where r.destination_id = m.destination_id
                                   and r.partition = m.partition and r.log_offset = m.log_offset)
                        or exists (select 1 from sluice.subscription_cursor c
                                    where c.destination_id = m.destination_id and c.partition = m.partition
                                      and c.fetch_offset <= m.log_offset))
            )
            select n.gone, u.*
              from (select count(*) as gone from gone) n
              left join unfinished u on true
             order by u.destination_id, u.partition, u.log_offset""".replace("{{COLUMNS}}",
            LogStore.MESSAGE_COLUMNS.replace("m.properties::text as properties",
                    "(coalesce(m.properties, '{}'::jsonb) || jsonb_build_object("
                            + "'" + DeadLetterPolicy.ORIGINAL_DESTINATION + "', m.original_destination,"
                            + " '" + DeadLetterPolicy.REASON + "', 'expired at ' || to_char(to_timestamp(m.expires_at"
                            + " / 1000.0) at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
                            + " || ' before it was consumed'))::text as properties"));

    /** Messages of destinations without an expiry queue: deleted whatever holds them. */
    private static final String DROP_BATCH = BATCH.replace("{{SELECTED}}", """
                select m.destination_id, m.partition, m.log_offset, null::text as expiry_queue,
                       null::text as original_destination
                  from sluice.message m
                 where m.expires_at <> 0 and m.expires_at <= sluice.now_ms()
                   and not exists (select 1 from sluice.destination t where t.destination_id = m.destination_id
                                      and t.expiry_queue is not null)
                 order by m.expires_at limit :batch for update of m skip locked""");

    /** Messages of destinations with one: moved, unless a live consumer holds them. */
    private static final String MOVE_BATCH = BATCH.replace("{{SELECTED}}", """
                select m.destination_id, m.partition, m.log_offset, t.expiry_queue,
                       t.kind || '://' || t.name as original_destination
                  from sluice.message m
                  join sluice.destination t on t.destination_id = m.destination_id
                 where m.expires_at <> 0 and m.expires_at <= sluice.now_ms() and t.expiry_queue is not null
                   and not exists (select 1 from sluice.delivery dl
                                    where dl.destination_id = m.destination_id and dl.partition = m.partition
                                      and dl.log_offset = m.log_offset and dl.consumer_id <> ''
                                      and dl.lease_until > sluice.now_ms())
                 order by m.expires_at limit :batch for update of m skip locked""");

    private final Jdbi jdbi;
    private final int batchSize;
    private final QueueTransfer transfer;

    public ExpiredMessageReaper(Jdbi jdbi) {
        this(jdbi, DEFAULT_BATCH);
    }

    public ExpiredMessageReaper(Jdbi jdbi, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("Expiry batch size " + batchSize + " must be at least 1");
        }
        this.jdbi = jdbi;
        this.batchSize = batchSize;
        this.transfer = new QueueTransfer(new DestinationStore(jdbi), new LogStore(jdbi));
    }

    /** Deletes (or moves to an expiry queue) every message expired now, batch after batch; returns how many. */
    public long reap() {
        return reap(DROP_BATCH) + reap(MOVE_BATCH);
    }

    private long reap(String statement) {
        long total = 0;
        while (true) {
            long gone = jdbi.inTransaction(handle -> batch(handle, statement));
            total += gone;
            if (gone < batchSize) {
                return total;
            }
        }
    }

    private long batch(Handle handle, String statement) {
        long[] gone = {0};
        List<QueueTransfer.Copy> copies = new ArrayList<>();
        handle.createQuery(statement)
                .bind("batch", batchSize)
                .map((rs, ctx) -> {
                    gone[0] = rs.getLong("gone");
                    String queue = rs.getString("expiry_queue");
                    if (queue != null) {
                        copies.add(new QueueTransfer.Copy(queue, rs.getInt("partition"),
                                LogStore.map(rs).record().withoutExpiryOrDelay()));
                    }
                    return queue;
                })
                .list();
        if (!copies.isEmpty()) {
            transfer.append(handle, copies);
            LOG.info("Moved {} expired messages to their expiry queues", copies.size());
        }
        return gone[0];
    }
}
