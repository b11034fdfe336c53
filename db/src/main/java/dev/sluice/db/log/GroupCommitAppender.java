package dev.sluice.db.log;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges concurrent appends from this JVM to one partition into one transaction (group commit).
 *
 * <p>Why: appends to a partition serialise on its offset counter (see {@link LogStore}), and each commit of a
 * persistent message waits for a WAL flush. One message per transaction would cap a partition at one message per
 * fsync whatever the number of senders. Here each partition has a queue and at most one append in flight; while
 * it is in flight, new messages wait in the queue and the next append takes all of them (up to
 * {@code maxBatch}). An idle partition thus writes a single message at once (no added latency), a busy one
 * writes batches whose size grows with the load, like a Kafka producer's batching without a linger time.
 *
 * <p>A batch made only of non-persistent messages commits with {@code synchronous_commit = off}: it is visible at
 * once but may be lost if PostgreSQL crashes, which the JMS specification allows for NON_PERSISTENT. The returned
 * future completes when the batch is committed (for persistent messages: durable), with the message's offset.
 * Thread-safe.
 */
public final class GroupCommitAppender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitAppender.class);
    public static final int DEFAULT_MAX_BATCH = 500;

    private final Jdbi jdbi;
    private final LogStore store;
    private final int maxBatch;
    private final ExecutorService writers;
    private final Map<Long, PartitionQueue> queues = new ConcurrentHashMap<>();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();

    public GroupCommitAppender(Jdbi jdbi, LogStore store, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch " + maxBatch + " must be at least 1");
        }
        this.jdbi = jdbi;
        this.store = store;
        this.maxBatch = maxBatch;
        AtomicInteger threadNumber = new AtomicInteger();
        this.writers = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "sluice-appender-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Queues {@code record} for the partition; the future gets its offset once committed. */
    public CompletableFuture<Long> append(int destinationId, int partition, MessageRecord record) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException("The appender is closed"));
        }
        PartitionQueue queue = queues.computeIfAbsent(key(destinationId, partition),
                k -> new PartitionQueue(destinationId, partition));
        Pending pending = new Pending(record, new CompletableFuture<>());
        queue.pending.add(pending);
        if (queue.writing.compareAndSet(false, true)) {
            writers.execute(() -> drain(queue));
        }
        return pending.offset;
    }

    /** How many transactions the appender has written; with concurrency, fewer than the messages appended. */
    public long batchesWritten() {
        return batches.get();
    }

    private static long key(int destinationId, int partition) {
        return ((long) destinationId << 32) | (partition & 0xffffffffL);
    }

    private void drain(PartitionQueue queue) {
        while (true) {
            List<Pending> batch = new ArrayList<>();
            Pending next;
            while (batch.size() < maxBatch && (next = queue.pending.poll()) != null) {
                batch.add(next);
            }
            if (batch.isEmpty()) {
                queue.writing.set(false);
                // A message queued between the last poll and the flag reset must not be stranded.
                if (queue.pending.isEmpty() || !queue.writing.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            write(queue, batch);
        }
    }

    private void write(PartitionQueue queue, List<Pending> batch) {
        List<MessageRecord> records = new ArrayList<>(batch.size());
        boolean anyPersistent = false;
        for (Pending pending : batch) {
            records.add(pending.record);
            anyPersistent |= pending.record.persistent();
        }
        try {
            long first;
            if (anyPersistent) {
                // One statement in autocommit: one round trip, durable when it returns.
                first = jdbi.withHandle(handle -> store.append(handle, queue.destinationId, queue.partition, records));
            } else {
                first = jdbi.inTransaction(handle -> {
                    handle.execute("set local synchronous_commit = off");
                    return store.append(handle, queue.destinationId, queue.partition, records);
                });
            }
            batches.incrementAndGet();
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).offset.complete(first + i);
            }
        } catch (RuntimeException e) {
            LOG.debug("Append of {} messages to destination {} partition {} failed", batch.size(),
                    queue.destinationId, queue.partition, e);
            for (Pending pending : batch) {
                pending.offset.completeExceptionally(e);
            }
        }
    }

    /** Stops accepting appends and waits up to 10 s for queued ones to be written. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            writers.shutdown();
            try {
                if (!writers.awaitTermination(10, TimeUnit.SECONDS)) {
                    LOG.warn("Appends still running after 10 s; interrupting them");
                    writers.shutdownNow();
                }
            } catch (InterruptedException e) {
                writers.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    private record Pending(MessageRecord record, CompletableFuture<Long> offset) {
    }

    private static final class PartitionQueue {
        final int destinationId;
        final int partition;
        final Queue<Pending> pending = new ConcurrentLinkedQueue<>();
        final AtomicBoolean writing = new AtomicBoolean();

        PartitionQueue(int destinationId, int partition) {
            this.destinationId = destinationId;
            this.partition = partition;
        }
    }
}
