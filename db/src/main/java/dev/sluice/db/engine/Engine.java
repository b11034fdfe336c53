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
import dev.sluice.db.log.PendingStore;
import dev.sluice.db.log.MessageRecord;
import dev.sluice.db.log.StoredMessage;
import dev.sluice.db.log.Subscription;
import dev.sluice.db.log.SubscriptionStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    /** How often the renewal duty looks whether a third of the shortest lease has passed. */
    private static final long RENEWAL_CHECK_MS = 50;

    private final Database database;
    private final String owner;
    private final Clock clock;
    private final DestinationStore destinations;
    private final SubscriptionStore subscriptions;
    private final DeliveryStore deliveries;
    private final LogStore log;
    private final WakeUps wakeUps;
    private final Announcer announcer;
    private final GroupCommitAppender appender;
    private final GroupAcknowledger acknowledger;
    private final UnitCommitter committer;
    private final UnitCommitter acknowledgementCommitter;
    private final AvailabilityProbe probe;
    private final DeadLetters deadLetters;
    private final ScheduledExecutorService scheduler;
    /** Claims ahead of the readers (see {@link SubscriptionFeed}), apart from the scheduler's lease renewals. */
    private final ExecutorService claimsAhead;
    private final PendingPublisher publisher;
    private final String holder;
    private final Holds holds = new Holds();
    private final Map<SubscriptionFeed.Key, SubscriptionFeed> feeds = new HashMap<>();
    private final Map<SubscriptionFeed, Integer> feedReaders = new HashMap<>();
    private final AtomicLong claims = new AtomicLong();
    private final AtomicLong probes = new AtomicLong();
    private volatile long lastRenewal = System.nanoTime();
    private volatile long lastReachedNanos = System.nanoTime();

    private Engine(Database database, String owner, Clock clock) {
        this.database = database;
        this.owner = owner;
        this.clock = clock;
        this.destinations = new DestinationStore(database.jdbi());
        this.subscriptions = new SubscriptionStore(database.jdbi());
        this.deliveries = new DeliveryStore(database.jdbi(), clock);
        String origin = UUID.randomUUID().toString();
        this.holder = "engine-" + origin;
        this.log = LogStore.withoutNotifications(database.jdbi());
        this.announcer = new Announcer(database.relaxedJdbi(), origin, owner);
        this.scheduler = Executors.newScheduledThreadPool(1, runnable -> {
            Thread thread = new Thread(runnable, "sluice-engine-duties | " + owner);
            thread.setDaemon(true);
            return thread;
        });
        this.claimsAhead = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sluice-claims-ahead | " + owner);
            thread.setDaemon(true);
            return thread;
        });
        this.publisher = new PendingPublisher(new PendingStore(database.jdbi()), scheduler, this::appended);
        this.wakeUps = new WakeUps(database, owner, origin, announcer::listenedByOthers, publisher::request);
        this.appender = new GroupCommitAppender(database.jdbi(), database.relaxedJdbi(), log,
                GroupCommitAppender.DEFAULT_MAX_BATCH, this::appended, owner);
        this.acknowledger = new GroupAcknowledger(database.relaxedJdbi(), owner);
        UnitCommitter.UnitWriter unitWriter = new UnitCommitter.UnitWriter() {
            @Override
            public int acknowledge(Handle handle, List<Held> delivered) {
                return Engine.this.acknowledge(handle, delivered, holder);
            }

            @Override
            public void append(Handle handle, List<UnitOfWork.Send> sends) {
                Engine.this.append(handle, sends);
            }
        };
        this.committer = new UnitCommitter(database.jdbi(), unitWriter, owner);
        this.acknowledgementCommitter = new UnitCommitter(database.jdbi(), unitWriter, owner + " acknowledgements");
        this.deadLetters = new DeadLetters(destinations, log);
        this.probe = new AvailabilityProbe(database.relaxedJdbi());
        scheduler.scheduleWithFixedDelay(this::renewLeasesWhenDue, RENEWAL_CHECK_MS, RENEWAL_CHECK_MS,
                TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::probeFeeds, SubscriptionReader.RECHECK_MS,
                SubscriptionReader.RECHECK_MS, TimeUnit.MILLISECONDS);
    }

    /** The safety net: tells the feeds whose subscriptions have records no wake-up announced. */
    private void probeFeeds() {
        List<SubscriptionFeed> current;
        synchronized (feeds) {
            current = new ArrayList<>(feeds.values());
        }
        if (current.isEmpty()) {
            return;
        }
        Map<Long, long[]> subscriptionsProbed = new LinkedHashMap<>();
        for (SubscriptionFeed feed : current) {
            Subscription subscription = feed.subscription();
            subscriptionsProbed.putIfAbsent(subscription.id(), new long[] {subscription.id(),
                subscription.destinationId()});
        }
        Set<Long> found;
        try {
            found = probe.withSomethingToClaim(new ArrayList<>(subscriptionsProbed.values()));
        } catch (RuntimeException e) {
            LOG.debug("{}: the probe of {} subscriptions failed; trying again in {} ms", owner,
                    subscriptionsProbed.size(), SubscriptionReader.RECHECK_MS, e);
            return;
        }
        for (SubscriptionFeed feed : current) {
            if (found.contains(feed.subscription().id())) {
                feed.due();
            }
        }
        probes.incrementAndGet();
    }

    /** Runs a feed's claim ahead of its readers in the background; false if the engine is closing. */
    boolean claimAhead(Runnable claim) {
        try {
            claimsAhead.execute(claim);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** A feed made a claim (counted for tests). */
    void claimed() {
        claims.incrementAndGet();
    }

    /** How many claims this engine's feeds made, and how many probes went through (for tests). */
    long claimsMade() {
        return claims.get();
    }

    long probesMade() {
        return probes.get();
    }

    /**
     * Renews the leases of what this engine holds, a third of the shortest lease after the previous renewal: a
     * record claimed with a lease of L stays held as long as this JVM runs and renews, and runs out at most L after
     * it stops. Failures are logged and retried at the next check.
     */
    private void renewLeasesWhenDue() {
        long shortest = holds.shortestLeaseMs();
        if (shortest == 0 || System.nanoTime() - lastRenewal < shortest * 1_000_000L / 3) {
            return;
        }
        try {
            for (Map.Entry<Long, List<Held>> group : holds.byLease().entrySet()) {
                List<Held> records = group.getValue();
                deliveries.renew(holder, group.getKey(), array(records, Held::destinationId),
                        array(records, Held::partition), longs(records, Held::subscriptionId),
                        longs(records, Held::offset));
            }
            lastRenewal = System.nanoTime();
        } catch (RuntimeException e) {
            LOG.warn("{}: renewing the leases of {} held records failed; retrying", owner, holds.size(), e);
        }
    }

    private static Integer[] array(List<Held> records, ToIntFunction<Held> field) {
        Integer[] values = new Integer[records.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = field.applyAsInt(records.get(i));
        }
        return values;
    }

    private static Long[] longs(List<Held> records, ToLongFunction<Held> field) {
        Long[] values = new Long[records.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = field.applyAsLong(records.get(i));
        }
        return values;
    }

    /** Who holds what this engine claims, as recorded in {@code sluice.delivery.consumer_id}. */
    public String holder() {
        return holder;
    }

    Holds holds() {
        return holds;
    }

    /**
     * Connects (checking that the schema is migrated; it never migrates) and starts the engine's threads.
     *
     * @param owner names this engine's threads and log lines (never a secret)
     * @throws dev.sluice.db.DatabaseUnavailableException when PostgreSQL cannot be reached or refuses the login
     * @throws dev.sluice.db.SchemaNotMigratedException   when the schema is missing or older, naming the command
     */
    public static Engine open(DatabaseConfig config, String owner) {
        return open(config, owner, Clock.systemUTC());
    }

    /** With {@code local} as this JVM's clock (tests give a skewed one); the engine aligns it with the database's. */
    static Engine open(DatabaseConfig config, String owner, Clock local) {
        Database database = Database.open(config);
        try {
            return new Engine(database, owner, DatabaseClock.aligned(database, local));
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
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

    /**
     * This JVM's clock moved to agree with the database's (which decides leases, delivery times and expiry inside
     * SQL): JMS timestamps, expiration and delivery times are set and judged with it, so one clock rules them all
     * whatever the skew between the sender's, the consumer's and the database's machines.
     */
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

    /**
     * As {@link #append}, for a sender that waits for the commit: the group may be written on its own thread
     * ({@link GroupCommitAppender#appendWaiting}).
     */
    public CompletableFuture<Long> appendWaiting(int destinationId, int partition, MessageRecord record) {
        return appender.appendWaiting(destinationId, partition, record);
    }

    /** A reader that claims at most {@code prefetch} records and {@link Prefetch#DEFAULT_BYTES} at once. */
    public SubscriptionReader openReader(Subscription subscription, int partitions, ClaimFilter filter, int prefetch,
                                         long leaseMs) {
        return openReader(subscription, partitions, filter, new Prefetch(prefetch, Prefetch.DEFAULT_BYTES), leaseMs);
    }

    /**
     * A reader of {@code subscription} that claims at most {@code prefetch} at once (see {@link Prefetch}); readers
     * with the same filter, prefetch and lease share what this engine claims for them (see {@link SubscriptionFeed}).
     * Records are held for {@code leaseMs}, renewed while held.
     */
    public SubscriptionReader openReader(Subscription subscription, int partitions, ClaimFilter filter,
                                         Prefetch prefetch, long leaseMs) {
        SubscriptionFeed.Key key = new SubscriptionFeed.Key(subscription.id(), filter, prefetch, leaseMs);
        SubscriptionFeed feed;
        synchronized (feeds) {
            feed = feeds.get(key);
            if (feed == null) {
                feed = new SubscriptionFeed(this, subscription, partitions, filter, prefetch, leaseMs);
                feeds.put(key, feed);
            }
            feedReaders.merge(feed, 1, Integer::sum);
        }
        return new SubscriptionReader(this, feed);
    }

    void readerClosed(SubscriptionFeed feed) {
        boolean last;
        synchronized (feeds) {
            int remaining = feedReaders.merge(feed, -1, Integer::sum);
            last = remaining <= 0;
            if (last) {
                feedReaders.remove(feed);
                feeds.values().remove(feed);
            }
        }
        if (last) {
            feed.close();
        }
    }

    /**
     * Writes a unit of work in one transaction, together with the units other contexts commit meanwhile
     * ({@link UnitCommitter}): acknowledges its delivered records, then appends its sends. When some delivered
     * record is no longer held by this engine (its lease ran out), nothing of the unit is written.
     *
     * @return how many delivered records this engine no longer held (0: committed)
     */
    public int commit(UnitOfWork work) {
        List<Held> delivered = work.delivered();
        List<UnitOfWork.Send> sends = work.sends();
        if (delivered.isEmpty() && sends.isEmpty()) {
            return 0;
        }
        int missing;
        try {
            missing = (sends.isEmpty() ? acknowledgementCommitter : committer).commit(delivered, sends);
        } catch (RuntimeException e) {
            throw SqlErrors.translate("Committing " + delivered.size() + " acknowledgements and " + sends.size()
                    + " sends", e);
        }
        if (missing == 0) {
            holds.removeAll(delivered);
            Set<Integer> appendedTo = new HashSet<>();
            sends.forEach(send -> appendedTo.add(send.destinationId()));
            appendedTo.forEach(this::appended);
        }
        return missing;
    }

    /**
     * Publishes committed pending messages into the log now, in the calling thread: for whoever just committed a
     * transaction that wrote some without notifying (an XA branch), so its messages go out without waiting.
     */
    public void publishPending() {
        publisher.sweep();
    }

    /**
     * Asks for committed pending messages to be published soon, on the engine's scheduler: for a committer that
     * need not wait for it (an XA commit). Requests made while a sweep is queued are folded into it, so that
     * concurrent committers share one publishing transaction instead of queueing on the partition's lock.
     */
    public void publishPendingSoon() {
        publisher.request();
    }

    /** After a commit that appended to {@code destinationId}: wakes this JVM's readers, then the others'. */
    private void appended(int destinationId) {
        wakeUps.fireLocally(destinationId);
        announcer.announce(destinationId);
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

    /**
     * Sends {@code records} to a partition inside a transaction this engine does not commit: the application's, on
     * {@code connection}. They enter the log after that transaction commits ({@link PendingStore}); on rollback they
     * vanish with it.
     *
     * @param notify false for a transaction that will be prepared (XA), whose committer calls {@link #publishPending}
     */
    public void sendInto(java.sql.Connection connection, int destinationId, int partition,
                         List<MessageRecord> records, boolean notify) {
        try {
            PendingStore.write(connection, destinationId, partition, records, notify);
        } catch (RuntimeException e) {
            throw SqlErrors.translate("Sending " + records.size() + " messages in the application's transaction", e);
        }
    }

    /**
     * Acknowledges {@code records} inside a transaction this engine does not commit, on {@code connection}; this
     * engine stops renewing their leases at once (the transaction keeps their rows locked, so no other consumer can
     * take them while it is open; after a rollback they are delivered again once their lease ran out).
     *
     * @return how many this engine no longer held
     */
    public int acknowledgeInto(java.sql.Connection connection, List<Held> records) {
        if (records.isEmpty()) {
            return 0;
        }
        holds.removeAll(records);
        try {
            return acknowledge(connection, records, holder);
        } catch (RuntimeException e) {
            throw SqlErrors.translate("Acknowledging " + records.size() + " records in the application's"
                    + " transaction", e);
        }
    }

    /** Acknowledges durably in a transaction of its own; returns how many this engine no longer held. */
    public int acknowledge(List<Held> records) {
        if (records.isEmpty()) {
            return 0;
        }
        holds.removeAll(records);
        try {
            return database.jdbi().inTransaction(handle -> acknowledge(handle, records, holder));
        } catch (RuntimeException e) {
            throw SqlErrors.translate("Acknowledging " + records.size() + " records", e);
        }
    }

    private int acknowledge(Handle handle, List<Held> records, String holder) {
        return acknowledge(handle.getConnection(), records, holder);
    }

    private int acknowledge(java.sql.Connection connection, List<Held> records, String holder) {
        if (records.isEmpty()) {
            return 0;
        }
        int n = records.size();
        Integer[] destinationIds = new Integer[n];
        Integer[] partitions = new Integer[n];
        Long[] subscriptionIds = new Long[n];
        Long[] offsets = new Long[n];
        for (int i = 0; i < n; i++) {
            Held record = records.get(i);
            destinationIds[i] = record.destinationId();
            partitions[i] = record.partition();
            subscriptionIds[i] = record.subscriptionId();
            offsets[i] = record.offset();
        }
        return n - deliveries.acknowledge(connection, destinationIds, partitions, subscriptionIds, offsets, holder);
    }

    /**
     * Finishes with a held record found expired before it was handed out: parked for the move to its destination's
     * expiry queue, or deleted when it has none.
     */
    void expired(Held record) {
        holds.remove(record);
        try {
            deliveries.forgetExpired(record.subscriptionId(), record.destinationId(), record.partition(),
                    new long[] {record.offset()}, holder);
        } catch (RuntimeException e) {
            throw SqlErrors.translate("Finishing with an expired record of subscription " + record.subscriptionId(),
                    e);
        }
    }

    /**
     * Acknowledges through the JVM's group acknowledger (one commit for many contexts, without a WAL flush): for
     * AUTO and DUPS_OK acknowledgement. The future gets how many records were still held by this engine.
     */
    public CompletableFuture<Integer> acknowledgeSoon(List<Held> records) {
        holds.removeAll(records);
        List<GroupAcknowledger.Acknowledgement> acknowledgements = new ArrayList<>(records.size());
        for (Held record : records) {
            acknowledgements.add(new GroupAcknowledger.Acknowledgement(record.destinationId(), record.partition(),
                    record.subscriptionId(), record.offset()));
        }
        return acknowledger.acknowledge(acknowledgements, this.holder).thenApply(count -> {
            reached();
            return count;
        });
    }

    /** A claim or an acknowledgement just went through: the database is reachable. */
    void reached() {
        lastReachedNanos = System.nanoTime();
    }

    /**
     * When (System.nanoTime) a claim or an automatic acknowledgement last went through: whoever saw the database
     * unreachable knows from this that it is back, also while buffered records are handed out without it.
     */
    public long lastReachedNanos() {
        return lastReachedNanos;
    }

    /**
     * Makes handed-out records available again for redelivery (rollback, recover, a listener that threw), from
     * {@code delayMs} on; their delivery count stays and the next claim raises it. Records delivered as often as
     * their destination allows go to its dead-letter queue instead, in the same transaction ({@link DeadLetters}).
     * Wakes readers in every JVM.
     */
    public void release(List<Held> records, long delayMs) {
        release(records, delayMs, null);
    }

    /**
     * {@link #release(List, long)}, naming the error the consumer failed with: the records it moves to a dead-letter
     * queue carry it as {@link dev.sluice.db.log.DeadLetterPolicy#LAST_ERROR}.
     *
     * @param lastError what the consumer failed with, or null when it did not say
     */
    public void release(List<Held> records, long delayMs, String lastError) {
        if (records.isEmpty()) {
            return;
        }
        holds.removeAll(records);
        Set<Integer> deadLetterQueues;
        try {
            deadLetterQueues = database.jdbi().inTransaction(handle -> {
                Set<Integer> moved = deadLetters.moveExhausted(handle, records, holder, lastError);
                for (List<Held> group : byPartition(records).values()) {
                    Held first = group.get(0);
                    deliveries.release(handle, first.subscriptionId(), first.destinationId(), first.partition(),
                            group.stream().mapToLong(Held::offset).toArray(), holder, delayMs);
                }
                return moved;
            });
        } catch (RuntimeException e) {
            throw SqlErrors.translate("Releasing " + records.size() + " records for redelivery", e);
        }
        deadLetterQueues.forEach(this::appended);
        Set<Integer> destinationIds = new HashSet<>();
        records.forEach(record -> destinationIds.add(record.destinationId()));
        destinationIds.forEach(wakeUps::fireLocally);
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

    /** The committer of units of work that send: how many transactions it wrote, how many units wait (for tests). */
    UnitCommitter committer() {
        return committer;
    }

    /** How many records this engine holds now (claimed, not yet acknowledged, released or returned). */
    public int heldCount() {
        return holds.size();
    }

    /**
     * Stops without giving anything back, as a killed process would: for tests of lease expiry. What this engine
     * held runs out after its lease.
     */
    void crash() {
        scheduler.shutdownNow();
        claimsAhead.shutdownNow();
        announcer.close();
        wakeUps.close();
        database.close();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        claimsAhead.shutdownNow();
        wakeUps.close();
        appender.close();
        committer.close();
        acknowledgementCommitter.close();
        announcer.close();
        acknowledger.close();
        database.close();
    }

    @Override
    public String toString() {
        return "Engine[" + owner + "]";
    }
}
