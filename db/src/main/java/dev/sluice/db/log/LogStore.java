package dev.sluice.db.log;

import dev.sluice.db.SluiceDatabaseException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Appends messages to a partition and reads them back by offset. Thread-safe.
 *
 * <p>Offsets per partition are 0, 1, 2, ... without gaps and become visible in offset order. An append takes the
 * partition's {@code next_offset} with an {@code UPDATE}, which row-locks the partition until the appending
 * transaction ends; the next appender waits on that lock, so it can only commit after the previous one. PostgreSQL
 * makes a commit visible to new snapshots before it releases the transaction's locks, hence a reader that saw
 * offset k and then asks for "offset &gt; k" never misses a row that commits later: any row with a smaller offset
 * committed before. The lock is held for one statement plus the commit, never across user code: JMS transacted
 * sends are buffered and appended at commit.
 *
 * <p>The claim of offsets and the insert of the whole batch are one statement ({@code unnest} of column arrays),
 * so an append is one round trip however many messages and partitions it carries. The same statement notifies the channel
 * {@code sluice_log_<destination id>} (payload: the partition); PostgreSQL delivers it at commit, which is when
 * waiting consumers can see the rows.
 */
public final class LogStore {

    /** Prefix of the LISTEN/NOTIFY channel that announces appends to a destination: prefix + destination id. */
    public static final String CHANNEL_PREFIX = "sluice_log_";

    static final String COLUMNS = "destination_id, partition, log_offset, message_id, correlation_id, jms_type,"
            + " reply_to, priority, persistent, sent_at, expires_at, deliver_at, group_id, producer_id,"
            + " properties::text as properties, property_types, body_type, body";

    /** The columns {@link #map} reads, of {@code sluice.message} aliased {@code m}. */
    public static final String MESSAGE_COLUMNS = "m.destination_id, m.partition, m.log_offset, m.message_id,"
            + " m.correlation_id, m.jms_type, m.reply_to, m.priority, m.persistent, m.sent_at, m.expires_at,"
            + " m.deliver_at, m.group_id, m.producer_id, m.properties::text as properties, m.property_types,"
            + " m.body_type, m.body";

    static final RowMapper<StoredMessage> MAPPER = (rs, ctx) -> map(rs);

    private static final String APPEND_ALL = """
            with counts as (
                select * from unnest(?::int4[], ?::int4[], ?::int4[]) as c(destination_id, partition, n)
            ), locked as (
                select p.destination_id, p.partition from sluice.log_partition p
                join counts c on c.destination_id = p.destination_id and c.partition = p.partition
                order by p.destination_id, p.partition
                for update of p
            ), claimed as (
                update sluice.log_partition p set next_offset = p.next_offset + c.n
                from counts c, locked l
                where p.destination_id = c.destination_id and p.partition = c.partition
                  and l.destination_id = c.destination_id and l.partition = c.partition
                returning p.destination_id, p.partition, p.next_offset - c.n as first_offset
            ), appended as (
                insert into sluice.message (destination_id, partition, log_offset, message_id, correlation_id,
                    jms_type, reply_to, priority, persistent, sent_at, expires_at, deliver_at, group_id, producer_id,
                    properties, property_types, body_type, body)
                select m.destination_id, m.partition, c.first_offset + m.seq, m.message_id, m.correlation_id,
                    m.jms_type, m.reply_to, m.priority, m.persistent, m.sent_at, m.expires_at, m.deliver_at,
                    m.group_id, m.producer_id, m.properties::jsonb, m.property_types, m.body_type, m.body
                from unnest(?::int4[], ?::int4[], ?::int4[],
                           ?::text[], ?::text[], ?::text[], ?::text[], ?::int2[], ?::bool[], ?::int8[], ?::int8[],
                           ?::int8[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int2[], ?::bytea[])
                    as m(destination_id, partition, seq, message_id, correlation_id, jms_type, reply_to, priority,
                        persistent, sent_at, expires_at, deliver_at, group_id, producer_id, properties,
                        property_types, body_type, body)
                join claimed c on c.destination_id = m.destination_id and c.partition = m.partition
            )
            select destination_id, partition, first_offset%s from claimed""";
    /** Each destination appended to is notified inside the transaction (sent once, at its commit). */
    private static final String APPEND_ALL_NOTIFYING = APPEND_ALL.formatted(
            ",\n    pg_notify('sluice_log_' || destination_id, '')");
    private static final String APPEND_ALL_SILENT = APPEND_ALL.formatted("");

    private final Jdbi jdbi;
    private final boolean notifies;

    /** A log whose appends notify {@code sluice_log_<destination id>} listeners in their own transaction. */
    public LogStore(Jdbi jdbi) {
        this(jdbi, true);
    }

    private LogStore(Jdbi jdbi, boolean notifies) {
        this.jdbi = jdbi;
        this.notifies = notifies;
    }

    /**
     * A log whose appends send no notification: for a caller that announces its commits itself, after them. A
     * NOTIFY inside a transaction takes a lock that every notifying transaction of the database shares, held until
     * the commit is flushed, so notifying commits cannot be flushed together.
     */
    public static LogStore withoutNotifications(Jdbi jdbi) {
        return new LogStore(jdbi, false);
    }

    /**
     * Appends {@code records} to a partition in a transaction of their own and returns the offset of the first;
     * the others follow it in list order.
     */
    public long append(int destinationId, int partition, List<MessageRecord> records) {
        return jdbi.inTransaction(handle -> append(handle, destinationId, partition, records));
    }

    /**
     * Appends {@code records} inside the caller's transaction. The partition stays locked for appends until that
     * transaction ends, so the caller must commit promptly.
     *
     * @return the offset of the first record
     * @throws DestinationNotFoundException when the destination has no such partition
     */
    public long append(Handle handle, int destinationId, int partition, List<MessageRecord> records) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("Nothing to append to destination " + destinationId
                    + " partition " + partition);
        }
        long first = appendAll(handle, List.of(new PartitionBatch(destinationId, partition, records)))[0];
        if (first < 0) {
            throw new DestinationNotFoundException("Destination " + destinationId + " has no partition "
                    + partition + " (deleted, or the partition number is out of range)");
        }
        return first;
    }

    /** Messages for one partition, in the order they get offsets. */
    public record PartitionBatch(int destinationId, int partition, List<MessageRecord> records) {
    }

    /**
     * Appends to several partitions in one statement inside the caller's transaction (or in autocommit), locking
     * the partitions in (destination, partition) order so that concurrent multi-partition appends cannot deadlock.
     *
     * @return the first offset of each batch, in the order of {@code batches}; -1 for a partition that does not
     *     exist (its destination was deleted), whose records were not written
     */
    public long[] appendAll(Handle handle, List<PartitionBatch> batches) {
        int partitions = batches.size();
        Integer[] countDestinations = new Integer[partitions];
        Integer[] countPartitions = new Integer[partitions];
        Integer[] counts = new Integer[partitions];
        int total = 0;
        for (int b = 0; b < partitions; b++) {
            PartitionBatch batch = batches.get(b);
            countDestinations[b] = batch.destinationId();
            countPartitions[b] = batch.partition();
            counts[b] = batch.records().size();
            total += batch.records().size();
        }
        Integer[] destinations = new Integer[total];
        Integer[] partitionOf = new Integer[total];
        Integer[] sequence = new Integer[total];
        List<MessageRecord> records = new ArrayList<>(total);
        int i = 0;
        for (PartitionBatch batch : batches) {
            int seq = 0;
            for (MessageRecord record : batch.records()) {
                destinations[i] = batch.destinationId();
                partitionOf[i] = batch.partition();
                sequence[i] = seq++;
                records.add(record);
                i++;
            }
        }
        Connection connection = handle.getConnection();
        try (PreparedStatement statement = connection.prepareStatement(
                notifies ? APPEND_ALL_NOTIFYING : APPEND_ALL_SILENT)) {
            int p = 1;
            statement.setArray(p++, connection.createArrayOf("int4", countDestinations));
            statement.setArray(p++, connection.createArrayOf("int4", countPartitions));
            statement.setArray(p++, connection.createArrayOf("int4", counts));
            statement.setArray(p++, connection.createArrayOf("int4", destinations));
            statement.setArray(p++, connection.createArrayOf("int4", partitionOf));
            statement.setArray(p++, connection.createArrayOf("int4", sequence));
            bindColumns(connection, statement, p, records);
            java.util.Map<Long, Long> firstOffsets = new java.util.HashMap<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    firstOffsets.put(partitionKey(rs.getInt(1), rs.getInt(2)), rs.getLong(3));
                }
            }
            long[] result = new long[partitions];
            for (int b = 0; b < partitions; b++) {
                result[b] = firstOffsets.getOrDefault(partitionKey(countDestinations[b], countPartitions[b]), -1L);
            }
            return result;
        } catch (SQLException e) {
            throw new SluiceDatabaseException("Appending " + total + " messages to " + partitions
                    + " partitions failed: " + e.getMessage(), e);
        }
    }

    /** One long naming a partition of a destination, for maps keyed by partition. */
    public static long partitionKey(int destinationId, int partition) {
        return ((long) destinationId << 32) | (partition & 0xffffffffL);
    }

    /** Binds the fifteen column arrays of {@code records} from parameter {@code first} on; returns the next. */
    private static int bindColumns(Connection connection, PreparedStatement statement, int first,
                                   List<MessageRecord> records) throws SQLException {
        int n = records.size();
        String[] messageIds = new String[n];
        String[] correlationIds = new String[n];
        String[] types = new String[n];
        String[] replyTos = new String[n];
        Short[] priorities = new Short[n];
        Boolean[] persistent = new Boolean[n];
        Long[] sentAt = new Long[n];
        Long[] expiresAt = new Long[n];
        Long[] deliverAt = new Long[n];
        String[] groupIds = new String[n];
        String[] producerIds = new String[n];
        String[] properties = new String[n];
        String[] propertyTypes = new String[n];
        Short[] bodyTypes = new Short[n];
        byte[][] bodies = new byte[n][];
        for (int i = 0; i < n; i++) {
            MessageRecord record = records.get(i);
            messageIds[i] = record.messageId();
            correlationIds[i] = record.correlationId();
            types[i] = record.jmsType();
            replyTos[i] = record.replyTo();
            priorities[i] = (short) record.priority();
            persistent[i] = record.persistent();
            sentAt[i] = record.sentAt();
            expiresAt[i] = record.expiresAt();
            deliverAt[i] = record.deliverAt();
            groupIds[i] = record.groupId();
            producerIds[i] = record.producerId();
            properties[i] = record.properties();
            propertyTypes[i] = record.propertyTypes();
            bodyTypes[i] = (short) record.bodyType();
            bodies[i] = record.body();
        }
        int p = first;
        statement.setArray(p++, connection.createArrayOf("text", messageIds));
        statement.setArray(p++, connection.createArrayOf("text", correlationIds));
        statement.setArray(p++, connection.createArrayOf("text", types));
        statement.setArray(p++, connection.createArrayOf("text", replyTos));
        statement.setArray(p++, connection.createArrayOf("int2", priorities));
        statement.setArray(p++, connection.createArrayOf("bool", persistent));
        statement.setArray(p++, connection.createArrayOf("int8", sentAt));
        statement.setArray(p++, connection.createArrayOf("int8", expiresAt));
        statement.setArray(p++, connection.createArrayOf("int8", deliverAt));
        statement.setArray(p++, connection.createArrayOf("text", groupIds));
        statement.setArray(p++, connection.createArrayOf("text", producerIds));
        statement.setArray(p++, connection.createArrayOf("text", properties));
        statement.setArray(p++, connection.createArrayOf("text", propertyTypes));
        statement.setArray(p++, connection.createArrayOf("int2", bodyTypes));
        statement.setArray(p++, connection.createArrayOf("bytea", bodies));
        return p;
    }

    /** Up to {@code limit} messages of a partition at offsets {@code >= fromOffset}, in offset order. */
    public List<StoredMessage> read(int destinationId, int partition, long fromOffset, int limit) {
        return jdbi.withHandle(handle -> read(handle, destinationId, partition, fromOffset, limit));
    }

    public List<StoredMessage> read(Handle handle, int destinationId, int partition, long fromOffset, int limit) {
        return handle.createQuery("select " + COLUMNS + " from sluice.message"
                        + " where destination_id = :d and partition = :p and log_offset >= :from"
                        + " order by log_offset limit :limit")
                .bind("d", destinationId)
                .bind("p", partition)
                .bind("from", fromOffset)
                .bind("limit", limit)
                .map(MAPPER)
                .list();
    }

    /** The offset the next appended message of the partition will get. */
    public long nextOffset(int destinationId, int partition) {
        return jdbi.withHandle(handle -> handle.createQuery("select next_offset from sluice.log_partition"
                        + " where destination_id = :d and partition = :p")
                .bind("d", destinationId)
                .bind("p", partition)
                .mapTo(Long.class)
                .findOne()
                .orElseThrow(() -> new DestinationNotFoundException("Destination " + destinationId
                        + " has no partition " + partition)));
    }

    /** The one mapping of a message row (the columns of {@link #MESSAGE_COLUMNS}). */
    public static StoredMessage map(ResultSet rs) throws SQLException {
        MessageRecord record = new MessageRecord(
                rs.getString("message_id"),
                rs.getString("correlation_id"),
                rs.getString("jms_type"),
                rs.getString("reply_to"),
                rs.getShort("priority"),
                rs.getBoolean("persistent"),
                rs.getLong("sent_at"),
                rs.getLong("expires_at"),
                rs.getLong("deliver_at"),
                rs.getString("group_id"),
                rs.getString("producer_id"),
                rs.getString("properties"),
                rs.getString("property_types"),
                rs.getShort("body_type"),
                rs.getBytes("body"));
        return new StoredMessage(rs.getInt("destination_id"), rs.getInt("partition"), rs.getLong("log_offset"),
                record);
    }
}
