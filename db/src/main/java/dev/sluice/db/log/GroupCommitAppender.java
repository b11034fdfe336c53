package dev.sluice.db.log;

import dev.sluice.db.SluiceDatabaseException;
import dev.sluice.db.internal.SqlErrors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges concurrent appends from this JVM into one statement and one commit (group commit).
 *
 * <p>Why: each commit of a persistent message waits for a WAL flush, and appends to a partition serialise on its
 * offset counter (see {@link LogStore}). One message per transaction would cap the JVM at one message per flush
 * per partition whatever the number of senders. Here there is one queue per durability and at most one append
 * in flight from it; while it commits, new messages wait and the next append takes all of them (up to
 * {@code maxBatch}), whatever their destinations and partitions, in one statement
 * ({@link LogStore#appendAll}). An idle JVM thus writes a single message at once (no added latency) and a busy
 * one writes batches whose size grows with the load, like a Kafka producer's batching without a linger time.
 * With one append in flight per queue, a partition's messages get offsets in the order they were queued, so a
 * producer's messages stay in order even when it does not wait for each send.
 *
 * <p>Non-persistent messages have their own queue and commit with {@code synchronous_commit = off}: visible at
 * once, possibly lost if PostgreSQL crashes, which JMS allows for NON_PERSISTENT. Their senders do not wait for
 * the commit; at most {@value #MAX_UNCOMMITTED_NON_PERSISTENT} may be queued, beyond that a sender waits
 * (back-pressure instead of unbounded memory). Thread-safe.
 */
public final class GroupCommitAppender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitAppender.class);
    public static final int DEFAULT_MAX_BATCH = 1000;
    static final int MAX_UNCOMMITTED_NON_PERSISTENT = 50_000;

    private final Jdbi jdbi;
    private final Jdbi relaxed;
    private final IntConsumer committed;
    private final LogStore store;
    private final int maxBatch;
    private final Lane persistent = new Lane(true);
    private final Lane nonPersistent = new Lane(false);
    private final Semaphore nonPersistentRoom = new Semaphore(MAX_UNCOMMITTED_NON_PERSISTENT);
    private final ExecutorService writers;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();

    public GroupCommitAppender(Jdbi jdbi, LogStore store, int maxBatch) {
        this(jdbi, jdbi, store, maxBatch, destinationId -> { }, "sluice");
    }

    /**
     * @param relaxed   commits non-persistent batches ({@code synchronous_commit = off} connections)
     * @param committed told of each destination a batch appended to, right after the commit
     * @param owner     names the writer threads
     */
    public GroupCommitAppender(Jdbi jdbi, Jdbi relaxed, LogStore store, int maxBatch, IntConsumer committed,
                               String owner) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch " + maxBatch + " must be at least 1");
        }
        this.jdbi = jdbi;
        this.relaxed = relaxed;
        this.store = store;
        this.maxBatch = maxBatch;
        this.committed = committed;
        AtomicInteger threads = new AtomicInteger();
        this.writers = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "sluice-appender-" + threads.incrementAndGet() + " | " + owner);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Queues {@code record} for the partition; the future gets its offset once committed. */
    public CompletableFuture<Long> append(int destinationId, int partition, MessageRecord record) {
        return append(destinationId, partition, record, false);
    }

    /**
     * As {@link #append(int, int, MessageRecord)}, for a sender that waits for the commit anyway: when no batch of
     * its durability is being written, the batch is written on the caller's thread (it returns with the future
     * done), which saves the two thread wake-ups of a hand-off to a writer and back; messages queued meanwhile are
     * left to a writer thread.
     */
    public CompletableFuture<Long> appendWaiting(int destinationId, int partition, MessageRecord record) {
        return append(destinationId, partition, record, true);
    }

    private CompletableFuture<Long> append(int destinationId, int partition, MessageRecord record,
                                           boolean callerWaits) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new SluiceDatabaseException("The appender is closed"));
        }
        Lane lane = record.persistent() ? persistent : nonPersistent;
        if (!record.persistent()) {
            try {
                nonPersistentRoom.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CompletableFuture.failedFuture(new SluiceDatabaseException("Interrupted while waiting for"
                        + " room among " + MAX_UNCOMMITTED_NON_PERSISTENT + " uncommitted non-persistent messages;"
                        + " the message was not sent"));
            }
        }
        Pending pending = new Pending(destinationId, partition, record, new CompletableFuture<>());
        lane.pending.add(pending);
        if (lane.writing.compareAndSet(false, true)) {
            // the pool refuses a connection to an interrupted thread: a writer thread takes that one
            if (callerWaits && !Thread.currentThread().isInterrupted()) {
                lead(lane, pending);
                return pending.offset;
            }
            handOff(lane);
        }
        return pending.offset;
    }

    /** Writes batches of {@code lane} until {@code own} is written, then leaves the rest to a writer thread. */
    private void lead(Lane lane, Pending own) {
        try {
            while (!own.offset.isDone()) {
                write(lane, nextBatch(lane));
            }
        } finally {
            lane.writing.set(false);
            if (!lane.pending.isEmpty() && lane.writing.compareAndSet(false, true)) {
                handOff(lane);
            }
        }
    }

    private void handOff(Lane lane) {
        try {
            writers.execute(() -> drain(lane));
        } catch (RejectedExecutionException e) {
            // Closed between the check in append and now: fail what is queued instead of stranding it.
            lane.writing.set(false);
            Pending stranded;
            while ((stranded = lane.pending.poll()) != null) {
                if (!stranded.record.persistent()) {
                    nonPersistentRoom.release();
                }
                stranded.offset.completeExceptionally(new SluiceDatabaseException("The appender is closed"));
            }
        }
    }

    private List<Pending> nextBatch(Lane lane) {
        List<Pending> batch = new ArrayList<>();
        Pending next;
        while (batch.size() < maxBatch && (next = lane.pending.poll()) != null) {
            batch.add(next);
        }
        return batch;
    }

    /** How many transactions the appender has written; with concurrency, fewer than the messages appended. */
    public long batchesWritten() {
        return batches.get();
    }

    private void drain(Lane lane) {
        while (true) {
            List<Pending> batch = nextBatch(lane);
            if (batch.isEmpty()) {
                lane.writing.set(false);
                // A message queued between the last poll and the flag reset must not be stranded.
                if (lane.pending.isEmpty() || !lane.writing.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            write(lane, batch);
        }
    }

    /**
     * Writes a batch; when PostgreSQL refuses its data (one member's, say), writes each member alone, so that only
     * the offender fails: one sender's bad message never fails the others'. Other failures (the database is
     * unavailable) fail the whole batch at once.
     */
    private void write(Lane lane, List<Pending> batch) {
        try {
            RuntimeException failure = writeTogether(lane, batch);
            if (failure == null) {
                return;
            }
            if (batch.size() == 1 || !SqlErrors.causedByData(failure)) {
                batch.forEach(pending -> pending.offset.completeExceptionally(failure));
                return;
            }
            LOG.debug("Append of {} messages failed; appending each alone so that only the offender fails",
                    batch.size(), failure);
            for (Pending pending : batch) {
                RuntimeException alone = writeTogether(lane, List.of(pending));
                if (alone != null) {
                    pending.offset.completeExceptionally(alone);
                }
            }
        } finally {
            if (!lane.persistent) {
                nonPersistentRoom.release(batch.size());
            }
        }
    }

    /** Appends {@code batch} in one statement and completes its offsets; returns the failure, completing nothing. */
    private RuntimeException writeTogether(Lane lane, List<Pending> batch) {
        Map<Long, List<Pending>> byPartition = new LinkedHashMap<>();
        for (Pending pending : batch) {
            byPartition.computeIfAbsent(LogStore.partitionKey(pending.destinationId, pending.partition),
                    key -> new ArrayList<>()).add(pending);
        }
        List<LogStore.PartitionBatch> partitions = new ArrayList<>(byPartition.size());
        for (List<Pending> group : byPartition.values()) {
            List<MessageRecord> records = new ArrayList<>(group.size());
            for (Pending pending : group) {
                records.add(pending.record);
            }
            partitions.add(new LogStore.PartitionBatch(group.get(0).destinationId, group.get(0).partition, records));
        }
        try {
            long[] firstOffsets;
            if (lane.persistent) {
                // One statement in autocommit: one round trip, durable when it returns.
                firstOffsets = jdbi.withHandle(handle -> store.appendAll(handle, partitions));
            } else {
                firstOffsets = relaxed.withHandle(handle -> store.appendAll(handle, partitions));
            }
            batches.incrementAndGet();
            java.util.Set<Integer> destinations = new java.util.HashSet<>();
            for (LogStore.PartitionBatch appended : partitions) {
                destinations.add(appended.destinationId());
            }
            destinations.forEach(committed::accept);
            int index = 0;
            for (List<Pending> group : byPartition.values()) {
                long first = firstOffsets[index++];
                for (int i = 0; i < group.size(); i++) {
                    Pending pending = group.get(i);
                    if (first < 0) {
                        pending.offset.completeExceptionally(new DestinationNotFoundException("Destination "
                                + pending.destinationId + " has no partition " + pending.partition
                                + " (deleted, or the partition number is out of range)"));
                    } else {
                        pending.offset.complete(first + i);
                    }
                }
            }
            return null;
        } catch (RuntimeException e) {
            LOG.debug("Append of {} messages to {} partitions failed", batch.size(), partitions.size(), e);
            return e;
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

    private record Pending(int destinationId, int partition, MessageRecord record, CompletableFuture<Long> offset) {
    }

    /** The queue of one durability class and whether a writer is draining it. */
    private static final class Lane {
        final boolean persistent;
        final Queue<Pending> pending = new ConcurrentLinkedQueue<>();
        final AtomicBoolean writing = new AtomicBoolean();

        Lane(boolean persistent) {
            this.persistent = persistent;
        }
    }
}
