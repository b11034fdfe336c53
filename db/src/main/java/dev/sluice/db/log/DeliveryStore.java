package dev.sluice.db.log;

import dev.sluice.db.SluiceDatabaseException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Hands a subscription's records to consumers under a lease, and takes them back: acknowledge, release for
 * redelivery, renew leases. The model is Kafka's share groups (KIP-932): per subscription and partition a cursor
 * ({@code subscription_cursor.fetch_offset}) below which every record is acknowledged or in flight, and one
 * {@code delivery} row per in-flight record.
 *
 * <p>An acquisition takes, in one short transaction, first the in-flight records that are available again
 * (released, or their holder's lease ran out: the holder died) in offset order, then new records from the cursor.
 * Both steps lock with {@code SKIP LOCKED}: consumers competing for a partition never wait for each other, they
 * take other records or other partitions. Lease times use the database clock ({@code sluice.now_ms()}) so that
 * every JVM agrees; message expiry and delivery time are judged with the given clock, which the engine aligns with
 * the database's (the JMS timestamps were set by the same aligned clock). Thread-safe.
 */
public final class DeliveryStore {

    private static final String MESSAGE_COLUMNS = LogStore.MESSAGE_COLUMNS;
    /**
     * The message columns without the body (null), plus its size: what a Java-judged selector reads. Bodies are
     * fetched only for the records it takes, so judging a backlog of large messages costs no memory.
     */
    private static final String JUDGED_COLUMNS = bodiless(MESSAGE_COLUMNS);

    private static final String BODIES = "select m.log_offset, m.body from sluice.message m"
            + " where m.destination_id = ? and m.partition = ? and m.log_offset = any(?)";

    private static final String AVAILABLE_AGAIN = "select d.delivery_count, " + JUDGED_COLUMNS
            + " from sluice.delivery d join sluice.message m on m.destination_id = d.destination_id"
            + " and m.partition = d.partition and m.log_offset = d.log_offset"
            + " where d.destination_id = ? and d.partition = ? and d.subscription_id = ?"
            + " and coalesce(d.lease_until, 0) <= sluice.now_ms() and d.log_offset > ?"
            + " order by d.log_offset limit ? for update of d skip locked";

    private static final String TAKE_AGAIN = "update sluice.delivery set consumer_id = ?,"
            + " lease_until = sluice.now_ms() + ?, delivery_count = delivery_count + 1"
            + " where destination_id = ? and partition = ? and subscription_id = ? and log_offset = any(?)";

    private static final String LOCK_CURSOR = "select fetch_offset from sluice.subscription_cursor"
            + " where destination_id = ? and partition = ? and subscription_id = ? for update skip locked";

    private static final String NEW_RECORDS = "select " + JUDGED_COLUMNS + " from sluice.message m"
            + " where m.destination_id = ? and m.partition = ? and m.log_offset >= ? order by m.log_offset limit ?";

    private static final String INSERT_IN_FLIGHT = "insert into sluice.delivery"
            + " (destination_id, partition, subscription_id, log_offset, delivery_count, consumer_id, lease_until)"
            + " select ?, ?, ?, r.log_offset, r.delivery_count, r.consumer_id,"
            + " case when r.consumer_id is null or r.consumer_id = '' then r.lease_until else sluice.now_ms() + ? end"
            + " from unnest(?::int8[], ?::int4[], ?::text[], ?::int8[])"
            + " as r(log_offset, delivery_count, consumer_id, lease_until)";

    /**
     * Each record is found by its key in a LATERAL subquery and updated by its row version: as a plain join, the
     * generic plan made while the table was small scanned it whole (hash join), dead rows included. A record another
     * transaction has locked (an acknowledgement deleting it, a release) is skipped, not waited for: renewal locks
     * many records in no particular order, so waiting made deadlocks with acknowledgements, each costing the
     * deadlock timeout (1 s) and failing the acknowledgement. A record skipped and still held is renewed next time.
     */
    static final String RENEW = "update sluice.delivery d set lease_until = sluice.now_ms() + ?"
            + " from unnest(?::int4[], ?::int4[], ?::int8[], ?::int8[])"
            + " as r(destination_id, partition, subscription_id, log_offset)"
            + " cross join lateral (select x.ctid as row_id from sluice.delivery x"
            + " where x.destination_id = r.destination_id and x.partition = r.partition"
            + " and x.subscription_id = r.subscription_id and x.log_offset = r.log_offset"
            + " and x.consumer_id = ? limit 1 for update skip locked) h"
            + " where d.ctid = h.row_id";
    /**
     * Deletes acknowledged records by key while their holder (one per record) still holds them, returning each one
     * deleted (subscription, partition, offset). A function of the schema, so that its plan stays key lookups
     * whatever the table's statistics were when a connection first planned it (V17 says why).
     */
    public static final String ACKNOWLEDGE = "select * from sluice.acknowledge(?::int4[], ?::int4[], ?::int8[],"
            + " ?::int8[], ?::text[])";
    private static final String MOVE_CURSOR = "update sluice.subscription_cursor set fetch_offset = ?"
            + " where destination_id = ? and partition = ? and subscription_id = ?";

    /**
     * The holder of a record parked for the expired-message reaper (V12): a consumer found it expired and its
     * destination has an expiry queue. With {@link #PARKED_LEASE} no claim, renewal or lease reaper takes it.
     */
    public static final String EXPIRED_HOLDER = "";
    public static final long PARKED_LEASE = Long.MAX_VALUE;

    /** Parks expired records for the move to the destination's expiry queue, or deletes them when it has none. */
    private static final String FORGET_EXPIRED = """
            with policy as (
                select exists (select 1 from sluice.destination t
                                where t.destination_id = ? and t.expiry_queue is not null) as keeps
            ), chosen as (
                select d.ctid as row_id from sluice.delivery d
                 where d.destination_id = ? and d.partition = ? and d.subscription_id = ?
                   and d.log_offset = any(?) and d.consumer_id is not distinct from cast(? as text)
            ), parked as (
                update sluice.delivery d set consumer_id = '%s', lease_until = %d
                  from chosen c where d.ctid = c.row_id and (select keeps from policy)
                returning 1
            ), dropped as (
                delete from sluice.delivery d using chosen c where d.ctid = c.row_id and not (select keeps from policy)
                returning 1
            )
            select (select count(*) from parked) + (select count(*) from dropped)""".formatted(EXPIRED_HOLDER,
            PARKED_LEASE);

    private static final String KEEPS_EXPIRED = "select expiry_queue is not null from sluice.destination"
            + " where destination_id = ?";

    /** At most this many records are examined per step of one acquisition. */
    private static final int SCAN_LIMIT = 10_000;

    private final Jdbi jdbi;
    private final java.time.Clock clock;

    public DeliveryStore(Jdbi jdbi) {
        this(jdbi, java.time.Clock.systemUTC());
    }

    /** @param clock judges expiry and delivery time of candidates in Java; the database's clock, ideally */
    public DeliveryStore(Jdbi jdbi, java.time.Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /**
     * Acquires up to {@code max} records of one partition of a subscription for {@code consumerId}, held for
     * {@code leaseMs} unless renewed. Returns them in offset order, redeliveries first.
     */
    public List<Delivery> acquire(Subscription subscription, int partition, String consumerId, int max, long leaseMs,
                                  RecordFilter filter) {
        return acquire(subscription, partition, consumerId, max, leaseMs, filter, Long.MAX_VALUE);
    }

    /**
     * As {@link #acquire(Subscription, int, String, int, long, RecordFilter)}, taking records while their bodies
     * stay within {@code maxBytes} (the first one whatever its size).
     */
    public List<Delivery> acquire(Subscription subscription, int partition, String consumerId, int max, long leaseMs,
                                  RecordFilter filter, long maxBytes) {
        try {
            return jdbi.inTransaction(handle -> {
                // An acquisition need not wait for a WAL flush: it is visible to every consumer at commit either
                // way, and if PostgreSQL itself crashes before flushing it, the records are simply acquired again.
                handle.execute("set local synchronous_commit = off");
                Connection connection = handle.getConnection();
                return withBodies(connection, subscription.destinationId(), partition, acquire(connection,
                        subscription, partition, consumerId, max, leaseMs, filter, new long[] {maxBytes}));
            });
        } catch (SQLException e) {
            throw new SluiceDatabaseException("Acquiring records of subscription " + subscription.id()
                    + " partition " + partition + " for " + consumerId + " failed: " + e.getMessage(), e);
        }
    }

    /** @param budget bytes of bodies still to take, counted down (one element) */
    private List<Delivery> acquire(Connection connection, Subscription subscription, int partition,
                                   String consumerId, int max, long leaseMs, RecordFilter filter, long[] budget)
            throws SQLException {
        int destinationId = subscription.destinationId();
        long subscriptionId = subscription.id();
        long now = clock.millis();
        List<Delivery> acquired = new ArrayList<>();

        // 1. Records in flight that are available again. A selective consumer may have to look past many that
        // others left, so it reads page after page (bounded, so one call cannot run for ever).
        List<Long> retake = new ArrayList<>();
        List<Long> drop = new ArrayList<>();
        List<Long> expired = new ArrayList<>();
        long after = -1;
        int scanned = 0;
        int pageSize = Math.max(max, 64);
        while (retake.size() < max && scanned < SCAN_LIMIT) {
            List<Delivery> page = new ArrayList<>();
            List<Long> sizes = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(AVAILABLE_AGAIN)) {
                select.setInt(1, destinationId);
                select.setInt(2, partition);
                select.setLong(3, subscriptionId);
                select.setLong(4, after);
                select.setInt(5, pageSize);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        page.add(new Delivery(LogStore.map(rs), rs.getInt("delivery_count")));
                        sizes.add(rs.getLong("body_size"));
                    }
                }
            }
            boolean full = false;
            for (int i = 0; i < page.size(); i++) {
                Delivery candidate = page.get(i);
                if (retake.size() >= max) {
                    break;
                }
                after = candidate.message().offset();
                if (expired(candidate.message(), now)) {
                    expired.add(candidate.message().offset());
                    continue;
                }
                switch (judge(filter, candidate.message())) {
                    case DELIVER -> {
                        if (!acquired.isEmpty() && sizes.get(i) > budget[0]) {
                            full = true;
                        } else {
                            budget[0] -= sizes.get(i);
                            retake.add(candidate.message().offset());
                            acquired.add(new Delivery(candidate.message(), candidate.deliveryCount() + 1));
                        }
                    }
                    case SKIP -> drop.add(candidate.message().offset());
                    case LEAVE -> { }
                }
            }
            if (full) {
                break;
            }
            scanned += page.size();
            if (page.size() < pageSize) {
                break;
            }
        }
        if (!retake.isEmpty()) {
            try (PreparedStatement update = connection.prepareStatement(TAKE_AGAIN)) {
                update.setString(1, consumerId);
                update.setLong(2, leaseMs);
                update.setInt(3, destinationId);
                update.setInt(4, partition);
                update.setLong(5, subscriptionId);
                update.setArray(6, connection.createArrayOf("int8", retake.toArray()));
                int updated = update.executeUpdate();
                expectCount(retake.size(), updated, "retaking records of subscription " + subscriptionId);
            }
        }
        if (!drop.isEmpty()) {
            delete(connection, destinationId, partition, subscriptionId, drop, null);
        }
        if (!expired.isEmpty()) {
            forgetExpired(connection, destinationId, partition, subscriptionId, expired, null);
        }

        // 2. New records from the cursor, unless another consumer is fetching this partition right now.
        if (acquired.size() < max && (acquired.isEmpty() || budget[0] > 0)) {
            Optional<Long> fetchOffset = lockCursor(connection, destinationId, partition, subscriptionId);
            if (fetchOffset.isPresent()) {
                acquireNew(connection, subscription, partition, consumerId, max - acquired.size(), leaseMs, filter,
                        fetchOffset.get(), now, acquired, budget);
            }
        }
        return acquired;
    }

    private void acquireNew(Connection connection, Subscription subscription, int partition, String consumerId,
                            int wanted, long leaseMs, RecordFilter filter, long fetchOffset, long now,
                            List<Delivery> acquired, long[] budget) throws SQLException {
        int destinationId = subscription.destinationId();
        List<Long> offsets = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        List<String> consumers = new ArrayList<>();
        List<Long> leases = new ArrayList<>();
        long nextFetch = fetchOffset;
        int delivered = 0;
        int scannedTotal = 0;
        int pageSize = Math.max(wanted, 64);
        Boolean keepsExpired = null;
        boolean more = true;
        boolean full = false;
        while (more && !full && delivered < wanted && scannedTotal < SCAN_LIMIT) {
            List<StoredMessage> scanned = new ArrayList<>();
            List<Long> sizes = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(NEW_RECORDS)) {
                select.setInt(1, destinationId);
                select.setInt(2, partition);
                select.setLong(3, nextFetch);
                select.setInt(4, pageSize);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        scanned.add(LogStore.map(rs));
                        sizes.add(rs.getLong("body_size"));
                    }
                }
            }
            more = scanned.size() == pageSize;
            scannedTotal += scanned.size();
            now = clock.millis(); // after the read: a record stamped since the acquisition began is due
            for (int i = 0; i < scanned.size() && !full; i++) {
                StoredMessage message = scanned.get(i);
                if (delivered >= wanted) {
                    break;
                }
                nextFetch = message.offset() + 1;
                if (expired(message, now)) {
                    if (keepsExpired == null) {
                        keepsExpired = keepsExpired(connection, destinationId);
                    }
                    if (keepsExpired) {
                        // parked for the move to the expiry queue
                        offsets.add(message.offset());
                        counts.add(0);
                        consumers.add(EXPIRED_HOLDER);
                        leases.add(PARKED_LEASE);
                    }
                    continue;
                }
                if (message.record().notDueAt(now)) {
                    // Not deliverable yet: in flight with no holder until its delivery time.
                    offsets.add(message.offset());
                    counts.add(0);
                    consumers.add(null);
                    leases.add(message.record().deliverAt());
                    continue;
                }
                switch (judge(filter, message)) {
                    case DELIVER -> {
                        if (!acquired.isEmpty() && sizes.get(i) > budget[0]) {
                            nextFetch = message.offset(); // the next acquisition starts with it
                            full = true;
                        } else {
                            budget[0] -= sizes.get(i);
                            offsets.add(message.offset());
                            counts.add(1);
                            consumers.add(consumerId);
                            leases.add(null);
                            acquired.add(new Delivery(message, 1));
                            delivered++;
                        }
                    }
                    case LEAVE -> {
                        offsets.add(message.offset());
                        counts.add(0);
                        consumers.add(null);
                        leases.add(null);
                    }
                    case SKIP -> { }
                }
            }
        }
        if (nextFetch == fetchOffset) {
            return;
        }
        if (!offsets.isEmpty()) {
            try (PreparedStatement insert = connection.prepareStatement(INSERT_IN_FLIGHT)) {
                insert.setInt(1, destinationId);
                insert.setInt(2, partition);
                insert.setLong(3, subscription.id());
                insert.setLong(4, leaseMs);
                insert.setArray(5, connection.createArrayOf("int8", offsets.toArray()));
                insert.setArray(6, connection.createArrayOf("int4", counts.toArray()));
                insert.setArray(7, connection.createArrayOf("text", consumers.toArray()));
                insert.setArray(8, connection.createArrayOf("int8", leases.toArray()));
                insert.executeUpdate();
            }
        }
        try (PreparedStatement move = connection.prepareStatement(MOVE_CURSOR)) {
            move.setLong(1, nextFetch);
            move.setInt(2, destinationId);
            move.setInt(3, partition);
            move.setLong(4, subscription.id());
            expectCount(1, move.executeUpdate(), "moving the cursor of subscription " + subscription.id());
        }
    }

    /** The acquired records with their bodies, read by key in one statement. */
    private static List<Delivery> withBodies(Connection connection, int destinationId, int partition,
                                             List<Delivery> acquired) throws SQLException {
        if (acquired.isEmpty()) {
            return acquired;
        }
        java.util.Map<Long, byte[]> bodies = new java.util.HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(BODIES)) {
            select.setInt(1, destinationId);
            select.setInt(2, partition);
            select.setArray(3, connection.createArrayOf("int8",
                    acquired.stream().map(d -> d.message().offset()).toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    bodies.put(rs.getLong(1), rs.getBytes(2));
                }
            }
        }
        List<Delivery> complete = new ArrayList<>(acquired.size());
        for (Delivery delivery : acquired) {
            StoredMessage message = delivery.message();
            complete.add(new Delivery(new StoredMessage(message.destinationId(), message.partition(),
                    message.offset(), message.record().withBody(bodies.get(message.offset()))),
                    delivery.deliveryCount()));
        }
        return complete;
    }

    private static String bodiless(String columns) {
        String body = ", m.body_type, m.body";
        if (!columns.endsWith(body)) {
            throw new IllegalStateException("The message columns no longer end with the body: " + columns);
        }
        return columns.substring(0, columns.length() - body.length())
                + ", m.body_type, null::bytea as body, coalesce(octet_length(m.body), 0) as body_size";
    }

    /**
     * A record the filter cannot judge (its properties do not decode) is delivered, so that the failure surfaces
     * where the consumer handles it instead of stopping the partition for this subscription.
     */
    private static RecordFilter.Verdict judge(RecordFilter filter, StoredMessage message) {
        try {
            return filter.judge(message);
        } catch (RuntimeException e) {
            return RecordFilter.Verdict.DELIVER;
        }
    }

    private static boolean expired(StoredMessage message, long now) {
        long expiresAt = message.record().expiresAt();
        return expiresAt != 0 && expiresAt <= now;
    }

    private static Optional<Long> lockCursor(Connection connection, int destinationId, int partition,
                                             long subscriptionId) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(LOCK_CURSOR)) {
            lock.setInt(1, destinationId);
            lock.setInt(2, partition);
            lock.setLong(3, subscriptionId);
            try (ResultSet rs = lock.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    /**
     * The messages of one partition that a subscription has not finished with (in flight or not yet fetched), in
     * offset order from {@code fromOffset}, at most {@code limit}: what a queue browser shows.
     */
    public List<StoredMessage> browse(Subscription subscription, int partition, long fromOffset, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("select " + MESSAGE_COLUMNS + " from sluice.message m"
                        + " where m.destination_id = :d and m.partition = :p and m.log_offset >= :from"
                        + " and (m.log_offset >= (select c.fetch_offset from sluice.subscription_cursor c"
                        + "   where c.destination_id = :d and c.partition = :p and c.subscription_id = :s)"
                        + " or exists (select 1 from sluice.delivery d where d.destination_id = :d and d.partition = :p"
                        + "   and d.subscription_id = :s and d.log_offset = m.log_offset))"
                        + " order by m.log_offset limit :limit")
                .bind("d", subscription.destinationId())
                .bind("p", partition)
                .bind("s", subscription.id())
                .bind("from", fromOffset)
                .bind("limit", limit)
                .map(LogStore.MAPPER)
                .list());
    }

    /**
     * Acknowledges records held by {@code consumerId}: they are done for this subscription. Returns how many were
     * still held by it (fewer means a lease ran out and the record may be redelivered elsewhere).
     */
    public int acknowledge(Handle handle, long subscriptionId, int destinationId, int partition, long[] offsets,
                           String consumerId) {
        try {
            return delete(handle.getConnection(), destinationId, partition, subscriptionId, box(offsets), consumerId);
        } catch (SQLException e) {
            throw new SluiceDatabaseException("Acknowledging " + offsets.length + " records of subscription "
                    + subscriptionId + " partition " + partition + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Acknowledges records of any subscriptions and partitions held by {@code consumerId}, in one statement inside
     * the caller's transaction (the arrays are parallel). Returns how many were still held by it.
     */
    public int acknowledge(Handle handle, Integer[] destinationIds, Integer[] partitions, Long[] subscriptionIds,
                           Long[] offsets, String consumerId) {
        return acknowledge(handle.getConnection(), destinationIds, partitions, subscriptionIds, offsets, consumerId);
    }

    /** As {@link #acknowledge(Handle, Integer[], Integer[], Long[], Long[], String)}, on a plain connection. */
    public int acknowledge(Connection connection, Integer[] destinationIds, Integer[] partitions,
                           Long[] subscriptionIds, Long[] offsets, String consumerId) {
        String[] consumerIds = new String[offsets.length];
        Arrays.fill(consumerIds, consumerId);
        try (PreparedStatement delete = connection.prepareStatement(ACKNOWLEDGE)) {
            delete.setArray(1, connection.createArrayOf("int4", destinationIds));
            delete.setArray(2, connection.createArrayOf("int4", partitions));
            delete.setArray(3, connection.createArrayOf("int8", subscriptionIds));
            delete.setArray(4, connection.createArrayOf("int8", offsets));
            delete.setArray(5, connection.createArrayOf("text", consumerIds));
            try (ResultSet deleted = delete.executeQuery()) {
                int count = 0;
                while (deleted.next()) {
                    count++;
                }
                return count;
            }
        } catch (SQLException e) {
            throw new SluiceDatabaseException("Acknowledging " + offsets.length + " records for " + consumerId
                    + " failed: " + e.getMessage(), e);
        }
    }

    /** Acknowledges in a transaction of its own; see {@link #acknowledge(Handle, long, int, int, long[], String)}. */
    public int acknowledge(long subscriptionId, int destinationId, int partition, long[] offsets, String consumerId) {
        return jdbi.withHandle(handle -> acknowledge(handle, subscriptionId, destinationId, partition, offsets,
                consumerId));
    }

    /**
     * Makes records held by {@code consumerId} available again for redelivery (session rollback or recover, a
     * consumer closed with unacknowledged messages), after {@code delayMs} or the destination's redelivery delay
     * for the record's delivery count ({@link RedeliveryPolicy}), whichever is longer (0: at once). Their delivery
     * count is kept; the next acquisition raises it.
     */
    public int release(Handle handle, long subscriptionId, int destinationId, int partition, long[] offsets,
                       String consumerId, long delayMs) {
        notifyAvailable(handle, destinationId, partition);
        return handle.createUpdate("update sluice.delivery r set consumer_id = null,"
                        + " lease_until = (select case when w.wait > 0 then sluice.now_ms() + w.wait end"
                        + " from (select greatest(cast(:delay as bigint), cast(least("
                        + " cast(coalesce(t.max_redelivery_delay_ms, 31536000000) as double precision),"
                        + " t.redelivery_delay_ms * power(t.redelivery_multiplier, greatest(r.delivery_count - 1, 0)))"
                        + " as bigint)) as wait from sluice.destination t where t.destination_id = r.destination_id) w)"
                        + " where r.destination_id = :d and r.partition = :p and r.subscription_id = :s"
                        + " and r.log_offset = any(:offsets) and r.consumer_id = :c")
                .bind("d", destinationId)
                .bind("p", partition)
                .bind("s", subscriptionId)
                .bind("offsets", offsets)
                .bind("c", consumerId)
                .bind("delay", delayMs)
                .execute();
    }

    /** Releases at once in a transaction of its own; see {@link #release(Handle, long, int, int, long[], String, long)}. */
    public int release(long subscriptionId, int destinationId, int partition, long[] offsets, String consumerId) {
        return jdbi.inTransaction(handle -> release(handle, subscriptionId, destinationId, partition, offsets,
                consumerId, 0));
    }

    /**
     * Gives back records acquired by {@code consumerId} but never handed to the application (a consumer's
     * prefetch at close or recover): available again, and their delivery count is undone, so the next delivery
     * is not flagged as a redelivery.
     */
    public int returnUndelivered(long subscriptionId, int destinationId, int partition, long[] offsets,
                                 String consumerId) {
        return jdbi.inTransaction(handle -> notifyAvailable(handle, destinationId, partition)
                + handle.createUpdate("update sluice.delivery"
                        + " set consumer_id = null, lease_until = null, delivery_count = delivery_count - 1"
                        + " where destination_id = :d and partition = :p and subscription_id = :s"
                        + " and log_offset = any(:offsets) and consumer_id = :c")
                .bind("d", destinationId)
                .bind("p", partition)
                .bind("s", subscriptionId)
                .bind("offsets", offsets)
                .bind("c", consumerId)
                .execute());
    }

    /**
     * Extends the leases of the given records (parallel arrays) still held by {@code consumerId} to {@code leaseMs}
     * from now, by primary key; returns how many.
     */
    public int renew(String consumerId, long leaseMs, Integer[] destinationIds, Integer[] partitions,
                     Long[] subscriptionIds, Long[] offsets) {
        return jdbi.withHandle(handle -> {
            Connection connection = handle.getConnection();
            try (PreparedStatement update = connection.prepareStatement(RENEW)) {
                update.setLong(1, leaseMs);
                update.setArray(2, connection.createArrayOf("int4", destinationIds));
                update.setArray(3, connection.createArrayOf("int4", partitions));
                update.setArray(4, connection.createArrayOf("int8", subscriptionIds));
                update.setArray(5, connection.createArrayOf("int8", offsets));
                update.setString(6, consumerId);
                return update.executeUpdate();
            } catch (SQLException e) {
                throw new SluiceDatabaseException("Renewing " + offsets.length + " leases of " + consumerId
                        + " failed: " + e.getMessage(), e);
            }
        });
    }

    /** Wakes consumers in every JVM: records of the partition are available again (sent at commit). */
    private static int notifyAvailable(Handle handle, int destinationId, int partition) {
        handle.createQuery("select pg_notify(:channel, :partition)")
                .bind("channel", LogStore.CHANNEL_PREFIX + destinationId)
                .bind("partition", Integer.toString(partition))
                .mapTo(String.class)
                .findOne();
        return 0;
    }

    /**
     * Finishes with records found expired, held by {@code consumerId} (null: without a holder), in a transaction of
     * their own: parked for the move to the destination's expiry queue, or deleted when it has none.
     */
    public int forgetExpired(long subscriptionId, int destinationId, int partition, long[] offsets,
                             String consumerId) {
        return jdbi.withHandle(handle -> {
            try {
                return forgetExpired(handle.getConnection(), destinationId, partition, subscriptionId, box(offsets),
                        consumerId);
            } catch (SQLException e) {
                throw new SluiceDatabaseException("Finishing with " + offsets.length + " expired records of"
                        + " subscription " + subscriptionId + " partition " + partition + " failed: "
                        + e.getMessage(), e);
            }
        });
    }

    private static int forgetExpired(Connection connection, int destinationId, int partition, long subscriptionId,
                                     List<Long> offsets, String consumerId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(FORGET_EXPIRED)) {
            statement.setInt(1, destinationId);
            statement.setInt(2, destinationId);
            statement.setInt(3, partition);
            statement.setLong(4, subscriptionId);
            statement.setArray(5, connection.createArrayOf("int8", offsets.toArray()));
            statement.setString(6, consumerId);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static boolean keepsExpired(Connection connection, int destinationId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(KEEPS_EXPIRED)) {
            statement.setInt(1, destinationId);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static int delete(Connection connection, int destinationId, int partition, long subscriptionId,
                              List<Long> offsets, String consumerId) throws SQLException {
        String sql = "delete from sluice.delivery where destination_id = ? and partition = ? and subscription_id = ?"
                + " and log_offset = any(?)" + (consumerId == null ? "" : " and consumer_id = ?");
        try (PreparedStatement delete = connection.prepareStatement(sql)) {
            delete.setInt(1, destinationId);
            delete.setInt(2, partition);
            delete.setLong(3, subscriptionId);
            delete.setArray(4, connection.createArrayOf("int8", offsets.toArray()));
            if (consumerId != null) {
                delete.setString(5, consumerId);
            }
            return delete.executeUpdate();
        }
    }

    private static List<Long> box(long[] offsets) {
        List<Long> boxed = new ArrayList<>(offsets.length);
        for (long offset : offsets) {
            boxed.add(offset);
        }
        return boxed;
    }

    private static void expectCount(int expected, int actual, String what) {
        if (expected != actual) {
            throw new SluiceDatabaseException("Expected " + expected + " rows " + what + ", changed " + actual);
        }
    }
}
