package dev.sluice.db.engine;

import dev.sluice.db.engine.internal.ClaimStatement;
import dev.sluice.db.internal.SqlErrors;
import dev.sluice.db.log.Delivery;
import dev.sluice.db.log.Subscription;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records of one subscription that this engine has claimed for its readers with one filter, shared by all those
 * readers (the competing consumers of a queue in one JVM, say): one claim at a time feeds them all, highest priority
 * first, so readers of one JVM never race each other for a cursor, and a record never waits in one consumer's buffer
 * while another consumer is idle.
 *
 * <p>A claim is made only when something may be there: the destination's signal moved since the last claim, that
 * claim was not empty (there may be more), or the engine's once-a-second probe found records no wake-up announces (a
 * delivery delay ran out, a dead holder's lease expired; see {@link AvailabilityProbe}). A reader that finds the
 * buffer empty while another claims returns empty-handed and waits; readers are woken one per record, the one that
 * has waited longest first, and one to claim when the signal moves: never all of them for one record (a thundering
 * herd of hundreds of listeners on a 2-core machine), and records go round the waiting readers fairly.
 *
 * <p>When readers have taken the buffer down to half the prefetch and the last claim left records behind (a
 * backlog), the engine claims the next records in the background ({@link Engine#claimAhead}), so that a reader taking batches (a transacted consumer, a bridge's sink)
 * does not wait for a claim's round trip between them. It never claims ahead for a prefetch of 1: a reader that asks
 * for one record at a time gets no more held for it. The buffer never holds more than the prefetch.
 *
 * <p>A filter judged in Java (a selector that does not translate to SQL) claims partition by partition through
 * {@link dev.sluice.db.log.DeliveryStore#acquire}, judging headers and properties. Thread-safe: the buffer is
 * guarded by its monitor, claims by {@code claiming}.
 */
final class SubscriptionFeed {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionFeed.class);
    /** Offsets one claim judges per partition at least: gaps of this size (reaped records) pass in one claim. */
    private static final int WINDOW = 256;
    private static final Comparator<Delivery> BY_PRIORITY =
            Comparator.comparingInt((Delivery d) -> d.message().record().priority()).reversed();

    private final Engine engine;
    private final Subscription subscription;
    private final int partitions;
    private final ClaimFilter filter;
    private final int prefetch;
    private final long prefetchBytes;
    private final long leaseMs;
    private final ClaimStatement claim;
    private final DestinationSignal signal;
    private final Runnable onSignal = this::wakeOne;
    private final ArrayDeque<Delivery> buffer = new ArrayDeque<>();
    /** Readers whose last poll found nothing, oldest first. Guarded by the buffer's monitor, as is the flag. */
    private final Set<SubscriptionReader> waiting = new LinkedHashSet<>();
    /** A wake-up came while no reader waited: the next reader about to wait looks again instead. */
    private boolean unansweredWakeUp;
    private final ReentrantLock claiming = new ReentrantLock();
    private volatile long seenVersion = -1;
    private volatile boolean more;
    /** The last claim left records beyond what it judged: a backlog worth claiming ahead. */
    private volatile boolean backlog;
    /** A claim ahead of the readers is queued or running. */
    private final AtomicBoolean claimingAhead = new AtomicBoolean();
    /** The engine's probe found something no wake-up announced (see {@link AvailabilityProbe}). */
    private volatile boolean due;
    private int nextPartition;
    private volatile boolean closed;

    SubscriptionFeed(Engine engine, Subscription subscription, int partitions, ClaimFilter filter, Prefetch prefetch,
                     long leaseMs) {
        this.engine = engine;
        this.subscription = subscription;
        this.partitions = partitions;
        this.filter = filter;
        this.prefetch = prefetch.messages();
        this.prefetchBytes = prefetch.bytes();
        this.leaseMs = leaseMs;
        this.claim = filter.judgedInSql() ? new ClaimStatement(engine.database().relaxedJdbi(), subscription, filter)
                : null;
        this.signal = engine.wakeUps().signal(subscription.destinationId());
        signal.add(onSignal);
    }

    Subscription subscription() {
        return subscription;
    }

    /**
     * The next buffered record for {@code reader}, claiming when worth it; null when there is none now (or another
     * reader claims): the reader is then waiting, and is woken when a record may be there for it.
     */
    Delivery poll(SubscriptionReader reader) {
        while (!closed) {
            Delivery next = take(reader);
            if (next == null) {
                if (!claiming.tryLock()) {
                    if (startWaiting(reader)) {
                        return null;
                    }
                    continue;
                }
                try {
                    next = take(reader);
                    if (next == null && !claimIfWorthIt(true)) {
                        if (startWaiting(reader)) {
                            return null;
                        }
                        continue;
                    }
                } finally {
                    claiming.unlock();
                }
                if (next == null) {
                    continue;
                }
            }
            long expiresAt = next.message().record().expiresAt();
            if (expiresAt != 0 && expiresAt <= engine.clock().millis()) {
                engine.expired(held(next));
                continue;
            }
            return next;
        }
        return null;
    }

    /** The head of the buffer, if any; wakes the next waiting reader when more records remain. */
    private Delivery take(SubscriptionReader reader) {
        synchronized (buffer) {
            Delivery next = buffer.poll();
            if (next != null) {
                waiting.remove(reader);
                if (!buffer.isEmpty()) {
                    wakeWaiting(1);
                    if (halfEmpty()) {
                        claimAheadSoon();
                    }
                }
            }
            return next;
        }
    }

    /**
     * Makes {@code reader} a waiting one, unless records are buffered or a wake-up found nobody waiting meanwhile:
     * then it should look again (false).
     */
    private boolean startWaiting(SubscriptionReader reader) {
        synchronized (buffer) {
            if (!buffer.isEmpty() || unansweredWakeUp) {
                unansweredWakeUp = false;
                return false;
            }
            waiting.add(reader);
            return true;
        }
    }

    /**
     * {@code reader} stopped waiting (its receive returned empty-handed, or it closed). A wake-up it was given and
     * will not act on goes to the next waiting reader.
     */
    void stopWaiting(SubscriptionReader reader) {
        synchronized (buffer) {
            if (!waiting.remove(reader)) {
                wakeOneLocked();
            }
        }
    }

    /** Something may be there (the destination's signal, a claim that saw the signal move): one reader looks. */
    private void wakeOne() {
        synchronized (buffer) {
            wakeOneLocked();
        }
    }

    private void wakeOneLocked() {
        if (waiting.isEmpty()) {
            unansweredWakeUp = true;
        } else {
            wakeWaiting(1);
        }
    }

    /** Wakes up to {@code count} waiting readers, the longest waiting first; holds the buffer's monitor. */
    private void wakeWaiting(int count) {
        Iterator<SubscriptionReader> oldest = waiting.iterator();
        for (int i = 0; i < count && oldest.hasNext(); i++) {
            SubscriptionReader reader = oldest.next();
            oldest.remove();
            reader.wake();
        }
    }

    Held held(Delivery delivery) {
        return new Held(subscription.id(), subscription.destinationId(), delivery.message().partition(),
                delivery.message().offset());
    }

    void pushBack(Delivery delivery) {
        synchronized (buffer) {
            buffer.addFirst(delivery);
        }
    }

    /**
     * The engine's probe found records to claim that no wake-up announced (due after a delay, or held by a holder
     * that died): the next claim looks for them too.
     */
    void due() {
        due = true;
        wakeOne();
    }

    /** At most half the prefetch is buffered, in records and in bytes; holds the buffer's monitor. */
    private boolean halfEmpty() {
        return buffer.size() <= prefetch / 2 && bufferedBytes() <= prefetchBytes / 2;
    }

    private long bufferedBytes() {
        long bytes = 0;
        for (Delivery delivery : buffer) {
            byte[] body = delivery.message().record().body();
            bytes += body == null ? 0 : body.length;
        }
        return bytes;
    }

    /**
     * Queues a claim ahead of the readers when the last claim left a backlog, unless one is queued already. Not for
     * a stream that keeps up: a claim for every few records sent would cost more than waiting for a claim does.
     */
    private void claimAheadSoon() {
        if (closed || !backlog || !claimingAhead.compareAndSet(false, true)) {
            return;
        }
        if (!engine.claimAhead(this::claimAhead)) {
            claimingAhead.set(false);
        }
    }

    private void claimAhead() {
        try {
            // A reader claiming now claims for everyone.
            if (!claiming.tryLock()) {
                return;
            }
            try {
                boolean halfEmpty;
                synchronized (buffer) {
                    halfEmpty = halfEmpty();
                }
                if (!closed && halfEmpty) {
                    claimIfWorthIt(false);
                }
            } finally {
                claiming.unlock();
            }
        } catch (RuntimeException e) {
            // The next reader to find the buffer empty claims itself and reports what is wrong.
            LOG.debug("Claiming ahead for subscription {} failed: {}", subscription.id(), e.toString());
        } finally {
            claimingAhead.set(false);
        }
    }

    /** @param forReader the claimer is a reader that takes a record itself */
    private boolean claimIfWorthIt(boolean forReader) {
        long version = signal.version();
        boolean sweeping = due;
        if (!more && version == seenVersion && !sweeping) {
            return false;
        }
        due = false;
        seenVersion = version;
        ClaimStatement.Claimed result = claim(sweeping);
        List<Delivery> claimed = result.deliveries();
        more = result.more();
        backlog = result.backlog();
        if (claimed.isEmpty()) {
            return more;
        }
        for (Delivery delivery : claimed) {
            engine.holds().add(held(delivery), leaseMs);
        }
        synchronized (buffer) {
            List<Delivery> merged = new ArrayList<>(buffer.size() + claimed.size());
            merged.addAll(buffer);
            merged.addAll(claimed);
            merged.sort(BY_PRIORITY);
            buffer.clear();
            buffer.addAll(merged);
            // a reader that claimed takes one itself; the others are for waiting readers
            wakeWaiting(forReader ? merged.size() - 1 : merged.size());
            if (signal.version() != seenVersion || more) {
                // appended to while this claim ran, or more remain: someone claims again
                wakeOneLocked();
            }
        }
        return true;
    }

    /** @param sweeping the periodic claim: also retake what dead holders held */
    private ClaimStatement.Claimed claim(boolean sweeping) {
        engine.claimed();
        String holder = engine.holder();
        int room;
        long roomBytes;
        synchronized (buffer) {
            room = Math.max(1, prefetch - buffer.size());
            roomBytes = Math.max(1, prefetchBytes - bufferedBytes());
        }
        if (claim != null) {
            int rotation = nextPartition;
            nextPartition = (nextPartition + 1) % partitions;
            try {
                // A sending session sticks to one partition: one claim may take the whole prefetch from it.
                ClaimStatement.Claimed claimed = claim.claim(holder, room, Math.max(4 * room, WINDOW),
                        roomBytes, rotation, leaseMs, sweeping);
                engine.reached();
                return claimed;
            } catch (RuntimeException e) {
                seenVersion = -1;
                throw SqlErrors.translate("Claiming records of subscription " + subscription.id(), e);
            }
        }
        int share = Math.max(1, (room + partitions - 1) / partitions);
        List<Delivery> claimed = new ArrayList<>();
        for (int i = 0; i < partitions && !closed; i++) {
            int partition = (nextPartition + i) % partitions;
            try {
                claimed.addAll(engine.deliveries().acquire(subscription, partition, holder, share, leaseMs,
                        filter.javaFilter(), Math.max(1, roomBytes / partitions)));
            } catch (RuntimeException e) {
                seenVersion = -1;
                claimed.forEach(delivery -> engine.holds().add(held(delivery), leaseMs));
                synchronized (buffer) {
                    buffer.addAll(claimed);
                }
                throw SqlErrors.translate("Claiming records of subscription " + subscription.id() + " partition "
                        + partition, e);
            }
        }
        nextPartition = (nextPartition + 1) % partitions;
        return new ClaimStatement.Claimed(claimed, !claimed.isEmpty(), false);
    }

    /**
     * Gives the buffered, never-handed-out records back: available again at once, not counted as deliveries. A
     * session's recover or rollback does this, so that what it releases comes back before what was fetched after.
     */
    void returnBuffered() {
        List<Delivery> drained;
        // after a claim ahead that is running: what it takes must not come before what is given back
        claiming.lock();
        try {
            synchronized (buffer) {
                drained = new ArrayList<>(buffer);
                buffer.clear();
            }
        } finally {
            claiming.unlock();
        }
        if (drained.isEmpty()) {
            return;
        }
        Map<Integer, List<Long>> byPartition = new LinkedHashMap<>();
        for (Delivery delivery : drained) {
            byPartition.computeIfAbsent(delivery.message().partition(), p -> new ArrayList<>())
                    .add(delivery.message().offset());
            engine.holds().remove(held(delivery));
        }
        RuntimeException failure = null;
        for (Map.Entry<Integer, List<Long>> entry : byPartition.entrySet()) {
            try {
                engine.deliveries().returnUndelivered(subscription.id(), subscription.destinationId(), entry.getKey(),
                        entry.getValue().stream().mapToLong(Long::longValue).toArray(), engine.holder());
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        engine.wakeUps().fireLocally(subscription.destinationId());
        if (failure != null) {
            throw SqlErrors.translate("Returning " + drained.size() + " buffered records of subscription "
                    + subscription.id() + " (they come back when their lease runs out)", failure);
        }
    }

    /** The last reader left: returns what is buffered and stops listening. */
    void close() {
        closed = true;
        signal.remove(onSignal);
        returnBuffered();
    }

    /** Identifies the feed readers share: same subscription, filter, prefetch and lease. */
    record Key(long subscriptionId, ClaimFilter filter, Prefetch prefetch, long leaseMs) {
    }
}
