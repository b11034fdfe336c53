package dev.sluice.db.engine;

import dev.sluice.db.DatabaseUnavailableException;
import dev.sluice.db.SluiceDatabaseException;
import dev.sluice.db.internal.SqlErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits the units of work of concurrent client contexts together: one database transaction, so one WAL flush and
 * one hold of each partition's append lock, for all the units that queued while the previous group committed
 * (group commit, as {@link dev.sluice.db.log.GroupCommitAppender} does for sends outside transactions).
 *
 * <p>Why: a unit's appends lock their partitions until its commit is flushed, so one transaction per unit
 * serialises every transacted sender of a partition on that flush. Grouping changes nothing a unit can observe:
 * each unit's acknowledgements and sends still take effect together or not at all, and a group is all or nothing.
 * When a group cannot commit as a whole (a unit acknowledges a record whose lease ran out, PostgreSQL refuses one
 * unit's data, a destination was deleted), each unit is committed alone, so that one context's problem is never
 * another's. When the database is unavailable, the whole group fails at once. An idle JVM commits a single unit
 * at once, on the caller's own thread (see {@link #lead}); units that queue meanwhile are written by the
 * committer thread. The engine has two: one for units that send, one for units that only acknowledge,
 * which take no append lock and so need not wait behind a group that appends (a bridge's sink, committing what it
 * took, would otherwise wait for its source's commit every time, and the source for the sink's). Thread-safe.
 */
final class UnitCommitter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UnitCommitter.class);
    /** Acknowledgements plus sends one group takes at most (a larger unit is a group of its own). */
    static final int MAX_GROUP_RECORDS = 5_000;

    /** Writes one unit inside a transaction; returns how many of its delivered records were no longer held. */
    interface UnitWriter {
        int acknowledge(Handle handle, List<Held> delivered);

        void append(Handle handle, List<UnitOfWork.Send> sends);
    }

    private final Jdbi jdbi;
    private final UnitWriter writer;
    private final Queue<Request> pending = new ConcurrentLinkedQueue<>();
    /** Set while a group is being chosen and written, by the committer thread or a leading caller. */
    private final AtomicBoolean writing = new AtomicBoolean();
    /** Held by a leading caller while it writes, so that {@link #close()} can wait for it. */
    private final ReentrantLock leadership = new ReentrantLock();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong transactions = new AtomicLong();
    private final ExecutorService committer;

    UnitCommitter(Jdbi jdbi, UnitWriter writer, String owner) {
        this.jdbi = jdbi;
        this.writer = writer;
        this.committer = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sluice-committer | " + owner);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Commits a unit's acknowledgements and sends in one transaction, with whatever other units are waiting; waits
     * for it (an interrupt does not stop a commit that may already be written: it is kept for the caller).
     *
     * @return how many delivered records were no longer held (then nothing of the unit was written)
     */
    int commit(List<Held> delivered, List<UnitOfWork.Send> sends) {
        Request request = new Request(delivered, sends, new CompletableFuture<>());
        if (closed.get()) {
            throw new SluiceDatabaseException("The engine is closed; nothing was committed");
        }
        pending.add(request);
        if (writing.compareAndSet(false, true)) {
            if (Thread.currentThread().isInterrupted()) {
                handOff(); // the pool refuses a connection to an interrupted thread; the committer takes it
            } else {
                lead(request);
            }
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return request.done.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException runtime ? runtime
                            : new SluiceDatabaseException("Committing failed: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** How many transactions committed units so far; with concurrency, fewer than the units. */
    long transactions() {
        return transactions.get();
    }

    /** How many units wait for the next group. */
    int waiting() {
        return pending.size();
    }

    /**
     * Writes the waiting groups on the calling thread until its own unit is written, then leaves what queued
     * meanwhile to the committer thread. Why: a context waits for its commit anyway, and handing each unit to
     * another thread and back cost two wake-ups per commit (a bridge's source waited 4.4 ms per batch for a commit
     * whose statements took 1.6 ms, on a busy machine).
     */
    private void lead(Request own) {
        leadership.lock();
        try {
            while (!own.done.isDone()) {
                write(nextGroup());
            }
        } finally {
            leadership.unlock();
            writing.set(false);
            if (!pending.isEmpty() && writing.compareAndSet(false, true)) {
                handOff();
            }
        }
    }

    private void handOff() {
        try {
            committer.execute(this::drain);
        } catch (RejectedExecutionException e) {
            writing.set(false);
            failQueued();
        }
    }

    private List<Request> nextGroup() {
        List<Request> group = new ArrayList<>();
        int records = 0;
        Request next;
        while ((group.isEmpty() || records < MAX_GROUP_RECORDS) && (next = pending.peek()) != null) {
            if (!group.isEmpty() && records + next.size() > MAX_GROUP_RECORDS) {
                break;
            }
            pending.poll();
            group.add(next);
            records += next.size();
        }
        return group;
    }

    private void drain() {
        while (true) {
            List<Request> group = nextGroup();
            if (group.isEmpty()) {
                writing.set(false);
                // A unit queued between the last poll and the flag reset must not be stranded.
                if (pending.isEmpty() || !writing.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            write(group);
        }
    }

    private void write(List<Request> group) {
        if (group.size() == 1) {
            writeAlone(group.get(0));
            return;
        }
        boolean allHeld;
        try {
            allHeld = jdbi.inTransaction(handle -> {
                for (Request request : group) {
                    if (writer.acknowledge(handle, request.delivered) > 0) {
                        handle.rollback();
                        return false;
                    }
                }
                List<UnitOfWork.Send> sends = new ArrayList<>();
                group.forEach(request -> sends.addAll(request.sends));
                writer.append(handle, sends);
                return true;
            });
        } catch (RuntimeException e) {
            if (SqlErrors.translate("Committing", e) instanceof DatabaseUnavailableException) {
                group.forEach(request -> request.done.completeExceptionally(e));
                return;
            }
            LOG.debug("A group of {} units failed to commit; committing each alone", group.size(), e);
            group.forEach(this::writeAlone);
            return;
        }
        if (allHeld) {
            transactions.incrementAndGet();
            group.forEach(request -> request.done.complete(0));
        } else {
            group.forEach(this::writeAlone);
        }
    }

    private void writeAlone(Request request) {
        try {
            int missing = jdbi.inTransaction(handle -> {
                int notHeld = writer.acknowledge(handle, request.delivered);
                if (notHeld > 0) {
                    handle.rollback();
                    return notHeld;
                }
                writer.append(handle, request.sends);
                return 0;
            });
            transactions.incrementAndGet();
            request.done.complete(missing);
        } catch (RuntimeException e) {
            request.done.completeExceptionally(e);
        }
    }

    private void failQueued() {
        Request stranded;
        while ((stranded = pending.poll()) != null) {
            stranded.done.completeExceptionally(new SluiceDatabaseException(
                    "The engine is closed; nothing was committed"));
        }
    }

    /** Stops accepting units and waits up to 10 s for queued ones to be committed. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            committer.shutdown();
            try {
                if (!committer.awaitTermination(10, TimeUnit.SECONDS)) {
                    LOG.warn("Commits still running after 10 s; interrupting them");
                    committer.shutdownNow();
                }
                if (leadership.tryLock(10, TimeUnit.SECONDS)) {
                    leadership.unlock();
                } else {
                    LOG.warn("A commit on a caller's thread still running after 10 s; closing without it");
                }
            } catch (InterruptedException e) {
                committer.shutdownNow();
                Thread.currentThread().interrupt();
            }
            failQueued();
        }
    }

    private record Request(List<Held> delivered, List<UnitOfWork.Send> sends, CompletableFuture<Integer> done) {
        int size() {
            return delivered.size() + sends.size();
        }
    }
}
