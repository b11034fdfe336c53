package dev.sluice.db.log;

import dev.sluice.db.SluiceDatabaseException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Messages sent in a transaction that Sluice does not commit itself (the application's JDBC transaction, an XA
 * branch), and their publication into the log once that transaction committed. Such a transaction may stay open
 * arbitrarily long, so it never touches a partition's append lock: it writes {@code sluice.pending_message} rows,
 * and {@link #publish} (the SQL function {@code sluice.publish_pending}) later moves committed rows into the log in
 * a short transaction of its own that takes the lock like any append. Offsets thus stay gap-free and visible in
 * offset order. Thread-safe.
 */
public final class PendingStore {

    /** Notified (at commit, as PostgreSQL delivers notifications) by a transaction that wrote pending messages. */
    public static final String CHANNEL = "sluice_pending";

    /** How many pending messages of a partition one publishing transaction moves at most. */
    static final int PUBLISH_BATCH = 1_000;

    private static final String WRITE = """
            insert into sluice.pending_message (destination_id, partition, message_id, correlation_id, jms_type,
                reply_to, priority, persistent, sent_at, expires_at, deliver_at, group_id, producer_id, properties,
                property_types, body_type, body)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)""";

    private final Jdbi jdbi;

    public PendingStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Writes {@code records} as pending messages of a partition in the caller's transaction on {@code connection},
     * in list order. With {@code notify}, the transaction also notifies {@link #CHANNEL}, so that publishers learn of
     * its commit; a transaction that will be prepared (XA) must not notify (PostgreSQL refuses to prepare it), and its
     * committer publishes instead.
     */
    public static void write(Connection connection, int destinationId, int partition, List<MessageRecord> records,
                             boolean notify) {
        try (PreparedStatement insert = connection.prepareStatement(WRITE)) {
            for (MessageRecord record : records) {
                int p = 1;
                insert.setInt(p++, destinationId);
                insert.setInt(p++, partition);
                insert.setString(p++, record.messageId());
                insert.setString(p++, record.correlationId());
                insert.setString(p++, record.jmsType());
                insert.setString(p++, record.replyTo());
                insert.setShort(p++, (short) record.priority());
                insert.setBoolean(p++, record.persistent());
                insert.setLong(p++, record.sentAt());
                insert.setLong(p++, record.expiresAt());
                insert.setLong(p++, record.deliverAt());
                insert.setString(p++, record.groupId());
                insert.setString(p++, record.producerId());
                insert.setString(p++, record.properties());
                insert.setString(p++, record.propertyTypes());
                insert.setShort(p++, (short) record.bodyType());
                insert.setBytes(p, record.body());
                insert.addBatch();
            }
            insert.executeBatch();
            if (notify) {
                try (PreparedStatement notification = connection.prepareStatement("select pg_notify(?, ?)")) {
                    notification.setString(1, CHANNEL);
                    notification.setString(2, Integer.toString(destinationId));
                    notification.execute();
                }
            }
        } catch (SQLException e) {
            throw new SluiceDatabaseException("Writing " + records.size() + " messages for destination "
                    + destinationId + " into the application's transaction failed: " + e.getMessage(), e);
        }
    }

    /** A partition with committed pending messages. */
    public record PendingPartition(int destinationId, int partition) {
    }

    /** The partitions that have committed pending messages now. */
    public List<PendingPartition> pendingPartitions() {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "select destination_id, partition from sluice.pending_partitions()")
                .map((rs, ctx) -> new PendingPartition(rs.getInt(1), rs.getInt(2)))
                .list());
    }

    /**
     * Moves the committed pending messages of a partition into the log, in the order they were written, batch by
     * batch (each its own transaction, so the append lock is held for one batch only).
     *
     * @return how many messages were published
     */
    /**
     * Publishes every partition's committed pending messages and wakes the consumers of every destination that got
     * some (for a process without an engine of its own: the server's maintenance).
     *
     * @return how many messages were published
     */
    public long publishAllAndNotify() {
        long total = 0;
        for (PendingPartition partition : pendingPartitions()) {
            int moved = publish(partition.destinationId(), partition.partition());
            if (moved > 0) {
                jdbi.useHandle(handle -> handle.createQuery("select pg_notify(:channel, :partition)")
                        .bind("channel", LogStore.CHANNEL_PREFIX + partition.destinationId())
                        .bind("partition", Integer.toString(partition.partition()))
                        .mapTo(String.class).one());
            }
            total += moved;
        }
        return total;
    }

    public int publish(int destinationId, int partition) {
        int total = 0;
        while (true) {
            int moved = jdbi.withHandle(handle -> handle.createQuery(
                            "select sluice.publish_pending(:d, :p, :limit)")
                    .bind("d", destinationId)
                    .bind("p", partition)
                    .bind("limit", PUBLISH_BATCH)
                    .mapTo(Integer.class)
                    .one());
            total += moved;
            if (moved < PUBLISH_BATCH) {
                return total;
            }
        }
    }
}
