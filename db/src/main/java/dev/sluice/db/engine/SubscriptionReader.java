package dev.sluice.db.engine;

import dev.sluice.db.engine.internal.ClaimStatement;
import dev.sluice.db.log.Delivery;
import dev.sluice.db.log.StoredMessage;
import dev.sluice.db.log.Subscription;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one subscription for one holder: claims up to {@code prefetch} records at a time (one statement over all
 * partitions, see {@link ClaimStatement}), buffers them highest priority first, and hands them out one by one.
 * It claims only when something may be there: the destination's signal moved since its last claim, that claim
 * was not empty (there may be more), or the safety-net interval passed (a delivery delay ran out, a dead holder's
 * lease expired without a server to announce it).
 *
 * <p>A reader whose filter must be judged in Java (a selector that does not translate to SQL) claims partition by
 * partition through {@link dev.sluice.db.log.DeliveryStore#acquire}, judging headers and properties.
 *
 * <p>{@link #poll} and {@link #returnBuffered} follow the owner's single-thread rule; {@link #waker()} and
 * {@link #close()} may be called from any thread. The buffer is guarded by its own monitor.
 */
public final class SubscriptionReader implements AutoCloseable {

    /** The safety-net interval: a reader claims at least this often while someone waits on it. */
    public static final long RECHECK_MS = 1_000;
    private static final Comparator<Delivery> BY_PRIORITY =
            Comparator.comparingInt((Delivery d) -> d.message().record().priority()).reversed();

    private final Engine engine;
    private final Subscription subscription;
    private final ClaimFilter filter;
    private final String holder;
    private final int prefetch;
    private final long leaseMs;
    private final int partitions;
    private final ClaimStatement claim;
    private final DestinationSignal signal;
    private final Waker waker = new Waker();
    private final ArrayDeque<Delivery> buffer = new ArrayDeque<>();
    private long seenVersion = -1;
    private boolean more;
    private long lastClaimAt;
    private int nextPartition;
    private volatile boolean closed;

    SubscriptionReader(Engine engine, Subscription subscription, int partitions, ClaimFilter filter, String holder,
                       int prefetch, long leaseMs) {
        this.engine = engine;
        this.subscription = subscription;
        this.partitions = partitions;
        this.filter = filter;
        this.holder = holder;
        this.prefetch = prefetch;
        this.leaseMs = leaseMs;
        this.claim = filter.judgedInSql() ? new ClaimStatement(engine.database().relaxedJdbi(), subscription, filter)
                : null;
        this.signal = engine.wakeUps().signal(subscription.destinationId());
        signal.add(waker);
    }

    public Subscription subscription() {
        return subscription;
    }

    /** Woken when records may have become available (and by {@link #wake()}). */
    public Waker waker() {
        return waker;
    }

    /** Also wakes {@code other} (a session's listener thread) when records may be available, until closed. */
    public void alsoWake(Waker other) {
        waker.alsoWake(other);
    }

    public void wake() {
        waker.wake();
    }

    /**
     * The next record for this holder, claiming if the buffer is empty and something may be there; null when
     * there is none now. Records that expired while buffered are acknowledged and skipped: JMS never delivers an
     * expired message.
     */
    public Delivery poll() {
        while (!closed) {
            Delivery next;
            synchronized (buffer) {
                next = buffer.poll();
            }
            if (next == null) {
                if (!claimIfWorthIt()) {
                    return null;
                }
                continue;
            }
            long expiresAt = next.message().record().expiresAt();
            if (expiresAt != 0 && expiresAt <= engine.clock().millis()) {
                engine.acknowledge(List.of(held(next.message())), holder);
                continue;
            }
            return next;
        }
        return null;
    }

    /** The in-flight identity of a message this reader handed out. */
    public Held held(StoredMessage message) {
        return new Held(subscription.id(), subscription.destinationId(), message.partition(), message.offset());
    }

    /** Puts a handed-out record back at the head of the buffer (a failed receiveBody, JMS 3.1 section 10.4.2). */
    public void pushBack(Delivery delivery) {
        synchronized (buffer) {
            buffer.addFirst(delivery);
        }
    }

    private boolean claimIfWorthIt() {
        long version = signal.version();
        long now = System.nanoTime();
        boolean due = now - lastClaimAt >= RECHECK_MS * 1_000_000L;
        if (!more && version == seenVersion && !due) {
            return false;
        }
        seenVersion = version;
        lastClaimAt = now;
        List<Delivery> claimed = claim();
        more = !claimed.isEmpty();
        if (claimed.isEmpty()) {
            return false;
        }
        claimed.sort(BY_PRIORITY);
        synchronized (buffer) {
            List<Delivery> merged = new ArrayList<>(buffer);
            merged.addAll(claimed);
            merged.sort(BY_PRIORITY);
            buffer.clear();
            buffer.addAll(merged);
        }
        return true;
    }

    private List<Delivery> claim() {
        int share = Math.max(1, (prefetch + partitions - 1) / partitions);
        if (claim != null) {
            int scan = filter.sqlCondition() == null ? share : Math.max(4 * share, 256);
            try {
                return claim.claim(holder, prefetch, share, scan, leaseMs);
            } catch (RuntimeException e) {
                seenVersion = -1;
                throw dev.sluice.db.internal.SqlErrors.translate("Claiming records of subscription " + subscription.id() + " for "
                        + holder, e);
            }
        }
        List<Delivery> claimed = new ArrayList<>();
        for (int i = 0; i < partitions && !closed; i++) {
            int partition = (nextPartition + i) % partitions;
            try {
                claimed.addAll(engine.deliveries().acquire(subscription, partition, holder, share, leaseMs,
                        filter.javaFilter()));
            } catch (RuntimeException e) {
                seenVersion = -1;
                synchronized (buffer) {
                    buffer.addAll(claimed);
                }
                throw dev.sluice.db.internal.SqlErrors.translate("Claiming records of subscription " + subscription.id()
                        + " partition " + partition + " for " + holder, e);
            }
        }
        nextPartition = (nextPartition + 1) % partitions;
        return claimed;
    }

    /**
     * Gives the buffered, never-handed-out records back (close, recover, rollback): available again at once, and
     * not counted as deliveries.
     */
    public void returnBuffered() {
        List<Delivery> drained;
        synchronized (buffer) {
            drained = new ArrayList<>(buffer);
            buffer.clear();
        }
        if (drained.isEmpty()) {
            return;
        }
        Map<Integer, List<Long>> byPartition = new LinkedHashMap<>();
        for (Delivery delivery : drained) {
            byPartition.computeIfAbsent(delivery.message().partition(), p -> new ArrayList<>())
                    .add(delivery.message().offset());
        }
        RuntimeException failure = null;
        for (Map.Entry<Integer, List<Long>> entry : byPartition.entrySet()) {
            try {
                engine.deliveries().returnUndelivered(subscription.id(), subscription.destinationId(), entry.getKey(),
                        entry.getValue().stream().mapToLong(Long::longValue).toArray(), holder);
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        engine.wakeUps().fireLocally(subscription.destinationId());
        if (failure != null) {
            throw dev.sluice.db.internal.SqlErrors.translate("Returning " + drained.size() + " buffered records of subscription "
                    + subscription.id() + " (they come back when their lease runs out)", failure);
        }
    }

    /** Returns what is buffered and stops waking anyone. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        waker.wake();
        signal.remove(waker);
        returnBuffered();
    }
}
