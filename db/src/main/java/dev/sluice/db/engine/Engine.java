package dev.sluice.db.engine;

import dev.sluice.db.Database;
import dev.sluice.db.DatabaseConfig;
import dev.sluice.db.internal.SqlErrors;
import dev.sluice.db.log.DeliveryStore;
import dev.sluice.db.log.DestinationNotFoundException;
import dev.sluice.db.log.DestinationStore;
import dev.sluice.db.log.GroupAcknowledger;
import dev.sluice.db.log.GroupCommitAppender;
import dev.sluice.db.log.LogStore;
import dev.sluice.db.log.MessageRecord;
import dev.sluice.db.log.StoredMessage;
import dev.sluice.db.log.Subscription;
import dev.sluice.db.log.SubscriptionStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.jdbi.v3.core.Handle;

/**
 * The delivery engine for one database and login: what every client context of a JVM shares to send, claim,
 * acknowledge and release records. It owns the connection pools (through {@link Database}), the group-commit
 * appender and acknowledger, the LISTEN connection ({@link WakeUps}) and a scheduler for background duties. It knows
 * nothing of JMS: the provider adapts it.
 *
 * <p>Writes that must happen together go through a {@link UnitOfWork} and {@link #commit}: acknowledgements first,
 * appends last, so a partition's append lock is held only for the final statement and the commit. Errors are the
 * storage layer's exceptions ({@link dev.sluice.db.SluiceDatabaseException} and its subclasses), translated from
 * SQLSTATEs in one place ({@link SqlErrors}). Thread-safe.
 */
public final class Engine implements AutoCloseable {

    private final Database database;
    private final String owner;
    private final Clock clock;
    private final DestinationStore destinations;
    private final SubscriptionStore subscriptions;
    private final DeliveryStore deliveries;
    private final LogStore log;
    private final WakeUps wakeUps;
    private final GroupCommitAppender appender;
    private final GroupAcknowledger acknowledger;
    private final ScheduledExecutorService scheduler;

    private Engine(Database database, String owner, Clock clock) {
        this.database = database;
        this.owner = owner;
        this.clock = clock;
        this.destinations = new DestinationStore(database.jdbi());
        this.subscriptions = new SubscriptionStore(database.jdbi());
        this.deliveries = new DeliveryStore(database.jdbi());
        String origin = java.util.UUID.randomUUID().toString();
        this.log = new LogStore(database.jdbi(), origin);
        this.wakeUps = new WakeUps(database, owner, origin);
        this.appender = new GroupCommitAppender(database.jdbi(), database.relaxedJdbi(), log,
                GroupCommitAppender.DEFAULT_MAX_BATCH, wakeUps::fireLocally, owner);
        this.acknowledger = new GroupAcknowledger(database.relaxedJdbi(), owner);
        this.scheduler = Executors.newScheduledThreadPool(1, runnable -> {
            Thread thread = new Thread(runnable, "sluice-engine-duties | " + owner);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Connects (migrating the schema) and starts the engine's threads.
     *
     * @param owner names this engine's threads and log lines (never a secret)
     * @throws dev.sluice.db.DatabaseUnavailableException when PostgreSQL cannot be reached or refuses the login
     */
    public static Engine open(DatabaseConfig config, String owner) {
        return new Engine(Database.open(config), owner, Clock.systemUTC());
    }

    public Database database() {
        return database;
    }

    public DestinationStore destinations() {
        return destinations;
    }

    public SubscriptionStore subscriptions() {
        return subscriptions;
    }

    DeliveryStore deliveries() {
        return deliveries;
    }

    WakeUps wakeUps() {
        return wakeUps;
    }

    /** The clock the engine judges message expiry by in memory (the database clock decides inside SQL). */
    public Clock clock() {
        return clock;
    }

    /** For duties of the client layer (lease renewal); tasks must catch their own failures. */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /**
     * Queues a message for the next group commit; the future completes with its offset once committed (persistent:
     * durable; non-persistent: visible, without waiting for the WAL flush).
     */
    public CompletableFuture<Long> append(int destinationId, int partition, MessageRecord record) {
        return appender.append(destinationId, partition, record);
    }

    /** A reader of {@code subscription} for {@code holder}, who holds what it claims for {@code leaseMs}. */
    public SubscriptionReader openReader(Subscription subscription, int partitions, ClaimFilter filter, String holder,
                                         int prefetch, long leaseMs) {
        return new SubscriptionReader(this, subscription, partitions, filter, holder, prefetch, leaseMs);
    }

    /**
     * Writes a unit of work in one transaction: acknowledges its delivered records, then appends its sends. When
     * some delivered record is no longer held by {@code holder} (its lease ran out), nothing is written.
     *
     * @return how many delivered records {@code holder} no longer held (0: committed)
     */
    public int commit(UnitOfWork work, String holder) {
        List<Held> delivered = work.delivered();
        List<UnitOfWork.Send> sends = work.sends();
        if (delivered.isEmpty() && sends.isEmpty()) {
            return 0;
        }
        int missing;
        try {
            missing = database.jdbi().inTransaction(handle -> {
                int notHeld = acknowledge(handle, delivered, holder);
                if (notHeld > 0) {
                    handle.rollback();
                    return notHeld;
                }
                append(handle, sends);
                return 0;
            });
        } catch (RuntimeException e) {
            throw SqlErrors.translate("Committing " + delivered.size() + " acknowledgements and " + sends.size()
                    + " sends", e);
        }
        if (missing == 0) {
            Set<Integer> appendedTo = new HashSet<>();
            sends.forEach(send -> appendedTo.add(send.destinationId()));
            appendedTo.forEach(wakeUps::fireLocally);
        }
        return missing;
    }

    private void append(Handle handle, List<UnitOfWork.Send> sends) {
        if (sends.isEmpty()) {
            return;
        }
        Map<Long, List<MessageRecord>> byPartition = new LinkedHashMap<>();
        for (UnitOfWork.Send send : sends) {
            byPartition.computeIfAbsent(partitionKey(send.destinationId(), send.partition()),
                    key -> new ArrayList<>()).add(send.record());
        }
        List<LogStore.PartitionBatch> batches = new ArrayList<>();
        byPartition.forEach((key, records) -> batches.add(new LogStore.PartitionBatch((int) (key >>> 32),
                (int) (long) key, records)));
        long[] firstOffsets = log.appendAll(handle, batches);
        for (int i = 0; i < firstOffsets.length; i++) {
            if (firstOffsets[i] < 0) {
                throw new DestinationNotFoundException("Destination " + batches.get(i).destinationId()
                        + " was deleted before the transaction committed");
            }
        }
    }

    private static long partitionKey(int destinationId, int partition) {
        return ((long) destinationId << 32) | (partition & 0xffffffffL);
    }

    /** Acknowledges durably in a transaction of its own; returns how many {@code holder} no longer held. */
    public int acknowledge(List<Held> records, String holder) {
        if (records.isEmpty()) {
            return 0;
        }
        try {
            return database.jdbi().inTransaction(handle -> acknowledge(handle, records, holder));
        } catch (RuntimeException e) {
            throw SqlErrors.translate("Acknowledging " + records.size() + " records", e);
        }
    }

    private int acknowledge(Handle handle, List<Held> records, String holder) {
        int missing = 0;
        for (List<Held> group : byPartition(records).values()) {
            Held first = group.get(0);
            long[] offsets = group.stream().mapToLong(Held::offset).toArray();
            missing += offsets.length - deliveries.acknowledge(handle, first.subscriptionId(), first.destinationId(),
                    first.partition(), offsets, holder);
        }
        return missing;
    }

    /**
     * Acknowledges through the JVM's group acknowledger (one commit for many contexts, without a WAL flush): for
     * AUTO and DUPS_OK acknowledgement. The future gets how many records were still held by {@code holder}.
     */
    public CompletableFuture<Integer> acknowledgeSoon(List<Held> records, String holder) {
        List<GroupAcknowledger.Acknowledgement> acknowledgements = new ArrayList<>(records.size());
        for (Held record : records) {
            acknowledgements.add(new GroupAcknowledger.Acknowledgement(record.destinationId(), record.partition(),
                    record.subscriptionId(), record.offset()));
        }
        return acknowledger.acknowledge(acknowledgements, holder);
    }

    /**
     * Makes handed-out records available again for redelivery (rollback, recover, a listener that threw), from
     * {@code delayMs} on; their delivery count stays and the next claim raises it. Wakes readers in every JVM.
     */
    public void release(List<Held> records, String holder, long delayMs) {
        if (records.isEmpty()) {
            return;
        }
        try {
            database.jdbi().useTransaction(handle -> {
                for (List<Held> group : byPartition(records).values()) {
                    Held first = group.get(0);
                    deliveries.release(handle, first.subscriptionId(), first.destinationId(), first.partition(),
                            group.stream().mapToLong(Held::offset).toArray(), holder, delayMs);
                }
            });
        } catch (RuntimeException e) {
            throw SqlErrors.translate("Releasing " + records.size() + " records for redelivery", e);
        }
        Set<Integer> destinationIds = new HashSet<>();
        records.forEach(record -> destinationIds.add(record.destinationId()));
        destinationIds.forEach(wakeUps::fireLocally);
    }

    /** Extends every lease {@code holder} has to {@code leaseMs} from now; returns how many. */
    public int renewLeases(String holder, long leaseMs) {
        try {
            return deliveries.renewLeases(holder, leaseMs);
        } catch (RuntimeException e) {
            throw SqlErrors.translate("Renewing the leases of " + holder, e);
        }
    }

    /** What a queue browser shows of one partition: records not finished with, from {@code fromOffset}. */
    public List<StoredMessage> browse(Subscription subscription, int partition, long fromOffset, int limit) {
        try {
            return deliveries.browse(subscription, partition, fromOffset, limit);
        } catch (RuntimeException e) {
            throw SqlErrors.translate("Browsing subscription " + subscription.id() + " partition " + partition, e);
        }
    }

    private static Map<Long, List<Held>> byPartition(List<Held> records) {
        Map<Long, List<Held>> groups = new LinkedHashMap<>();
        for (Held record : records) {
            groups.computeIfAbsent(record.subscriptionId() * 1_048_576L + record.partition(), k -> new ArrayList<>())
                    .add(record);
        }
        return groups;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        wakeUps.close();
        appender.close();
        acknowledger.close();
        database.close();
    }

    @Override
    public String toString() {
        return "Engine[" + owner + "]";
    }
}
