package dev.sluice.db.engine;

import dev.sluice.db.log.PendingStore;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes committed pending messages ({@link PendingStore}) into the log: when a committed transaction
 * notified that it wrote some, when an XA branch of this JVM committed, and every few seconds in case a
 * notification was missed (a reconnection) or its receiver died. Every engine runs one, so pending messages are
 * published as long as any Sluice client or server is running; concurrent publishers of one partition take turns
 * on its append lock. Requests while a sweep is queued are folded into it. Thread-safe.
 */
final class PendingPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(PendingPublisher.class);
    static final long SWEEP_MS = 5_000;

    private final PendingStore pending;
    private final ScheduledExecutorService scheduler;
    private final IntConsumer appended;
    private final AtomicBoolean queued = new AtomicBoolean();

    PendingPublisher(PendingStore pending, ScheduledExecutorService scheduler, IntConsumer appended) {
        this.pending = pending;
        this.scheduler = scheduler;
        this.appended = appended;
        scheduler.scheduleWithFixedDelay(this::request, SWEEP_MS, SWEEP_MS, TimeUnit.MILLISECONDS);
    }

    /** Asks for a sweep soon, on the engine's scheduler. */
    void request() {
        if (queued.compareAndSet(false, true)) {
            try {
                scheduler.execute(this::sweep);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                queued.set(false); // the engine is closing
            }
        }
    }

    /** Publishes every partition's committed pending messages now, in the calling thread. */
    void sweep() {
        queued.set(false);
        try {
            for (PendingStore.PendingPartition partition : pending.pendingPartitions()) {
                if (pending.publish(partition.destinationId(), partition.partition()) > 0) {
                    appended.accept(partition.destinationId());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Publishing committed pending messages failed ({}); the next sweep retries", e.getMessage());
        }
    }
}
