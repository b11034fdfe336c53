package dev.sluice.coordination.recipes;

import dev.sluice.coordination.CoordinationException;
import dev.sluice.coordination.Coordinator;
import dev.sluice.coordination.CreateMode;
import dev.sluice.coordination.NoNodeException;
import dev.sluice.coordination.SessionExpiredException;
import dev.sluice.coordination.SessionState;
import dev.sluice.coordination.SessionStateListener;
import dev.sluice.coordination.Watcher;
import dev.sluice.coordination.internal.NodePath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A mutual-exclusion lock shared by every process that uses the same path: each acquiring thread creates an
 * ephemeral sequential node {@code <path>/lock-N}; the lowest N holds the lock; every other waits for the
 * deletion of its predecessor only. So the lock is <b>fair</b>: granted in the order of the requests. It is
 * <b>re-entrant</b> per thread: a thread that holds it may acquire it again and must release it as many times.
 * A holder whose session ends (crash, expiry) loses it when its node vanishes.
 *
 * <p>A holder must stop relying on the lock when its session is no longer {@link SessionState#CONNECTED}
 * ({@link #isHeldByCurrentThread()} turns false then): from {@link SessionState#SUSPENDED} on, another process
 * may obtain the lock a third of the session timeout later.
 *
 * <p>Thread-safe; one instance may be shared by the threads of a process. Per-thread hold state lives in a
 * concurrent map keyed by thread; waiting threads park on {@code lock}'s condition, woken by watches and session
 * state changes.
 */
public final class DistributedLock {

    private static final Logger LOG = LoggerFactory.getLogger(DistributedLock.class);
    private static final String PREFIX = "lock-";

    private record Hold(String nodePath, int count) {
    }

    private final Coordinator coordinator;
    private final String lockPath;
    private final Map<Thread, Hold> holds = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final SessionStateListener sessionListener = state -> wakeWaiters();
    private long changeCount;
    private volatile boolean pathEnsured;

    public DistributedLock(Coordinator coordinator, String lockPath) {
        this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
        this.lockPath = NodePath.validate(lockPath);
        coordinator.addSessionStateListener(sessionListener);
    }

    /**
     * Acquires the lock, waiting as long as it takes.
     *
     * @throws InterruptedException   when interrupted while waiting (the request is withdrawn)
     * @throws SessionExpiredException when the session ends while waiting
     */
    public void acquire() throws InterruptedException {
        if (!tryAcquire(null)) {
            throw new IllegalStateException("Lock '" + lockPath + "' was not acquired although no timeout was set");
        }
    }

    /**
     * Acquires the lock if it can within {@code timeout}; returns false (having withdrawn the request) if not.
     *
     * @throws InterruptedException   when interrupted while waiting (the request is withdrawn)
     * @throws SessionExpiredException when the session ends while waiting
     */
    public boolean tryAcquire(Duration timeout) throws InterruptedException {
        Thread current = Thread.currentThread();
        Hold hold = holds.get(current);
        if (hold != null) {
            holds.put(current, new Hold(hold.nodePath(), hold.count() + 1));
            return true;
        }
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        if (!pathEnsured) {
            coordinator.ensurePath(lockPath);
            pathEnsured = true;
        }
        String ourPath = coordinator.create(NodePath.child(lockPath, PREFIX),
                (current.getName() + " @ session " + coordinator.sessionId()).getBytes(StandardCharsets.UTF_8),
                CreateMode.EPHEMERAL_SEQUENTIAL);
        boolean acquired = false;
        try {
            acquired = waitForTurn(ourPath, deadline, timeout != null);
            if (acquired) {
                holds.put(current, new Hold(ourPath, 1));
            }
            return acquired;
        } finally {
            if (!acquired) {
                withdraw(ourPath);
            }
        }
    }

    private boolean waitForTurn(String ourPath, long deadline, boolean timed) throws InterruptedException {
        String ourName = NodePath.name(ourPath);
        while (true) {
            SessionState sessionState = coordinator.state();
            if (sessionState == SessionState.EXPIRED || sessionState == SessionState.CLOSED) {
                throw new SessionExpiredException(coordinator.sessionId(), "Session " + coordinator.sessionId()
                        + " ended (" + sessionState + ") while waiting for lock '" + lockPath + "'");
            }
            long seenChanges = changeCount();
            List<String> queue = SequentialChildren.inOrder(coordinator.getChildren(lockPath), PREFIX);
            int position = queue.indexOf(ourName);
            if (position < 0) {
                throw new CoordinationException("Lock request " + ourPath + " of session " + coordinator.sessionId()
                        + " vanished while waiting for lock '" + lockPath + "' (session expired?)");
            }
            if (position == 0) {
                if (sessionState != SessionState.CONNECTED) {
                    // Suspended: the lock may be about to pass to another process; wait for CONNECTED.
                    if (!awaitChange(seenChanges, deadline, timed)) {
                        return false;
                    }
                    continue;
                }
                return true;
            }
            String predecessor = NodePath.child(lockPath, queue.get(position - 1));
            Watcher onPredecessorChange = event -> wakeWaiters();
            if (coordinator.exists(predecessor, onPredecessorChange).isEmpty()) {
                coordinator.removeWatches(predecessor, onPredecessorChange);
                continue;
            }
            if (!awaitChange(seenChanges, deadline, timed)) {
                coordinator.removeWatches(predecessor, onPredecessorChange);
                return false;
            }
        }
    }

    private long changeCount() {
        lock.lock();
        try {
            return changeCount;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until a watch or state change since {@code seenChanges}; returns false when the deadline passed. */
    private boolean awaitChange(long seenChanges, long deadline, boolean timed) throws InterruptedException {
        lock.lock();
        try {
            while (changeCount == seenChanges) {
                if (!timed) {
                    changed.await();
                } else {
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0) {
                        return false;
                    }
                    changed.awaitNanos(remaining);
                }
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void wakeWaiters() {
        lock.lock();
        try {
            changeCount++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void withdraw(String ourPath) {
        SessionState sessionState = coordinator.state();
        if (sessionState == SessionState.EXPIRED || sessionState == SessionState.CLOSED) {
            return;
        }
        try {
            coordinator.delete(ourPath, Coordinator.ANY_VERSION);
        } catch (NoNodeException e) {
            LOG.debug("Lock request {} was already gone", ourPath);
        } catch (CoordinationException e) {
            LOG.warn("Could not withdraw lock request {}; it goes when session {} ends", ourPath,
                    coordinator.sessionId(), e);
        }
    }

    /**
     * Releases one hold of the calling thread; the last release deletes its node, which passes the lock to the
     * next requester.
     *
     * @throws IllegalMonitorStateException when the calling thread does not hold the lock
     */
    public void release() {
        Thread current = Thread.currentThread();
        Hold hold = holds.get(current);
        if (hold == null) {
            throw new IllegalMonitorStateException("Thread '" + current.getName() + "' does not hold lock '"
                    + lockPath + "'");
        }
        if (hold.count() > 1) {
            holds.put(current, new Hold(hold.nodePath(), hold.count() - 1));
            return;
        }
        holds.remove(current);
        withdraw(hold.nodePath());
    }

    /** Whether the calling thread holds the lock and its session is CONNECTED (so it may rely on it). */
    public boolean isHeldByCurrentThread() {
        return holds.containsKey(Thread.currentThread()) && coordinator.state() == SessionState.CONNECTED;
    }

    /** How many times the calling thread holds the lock (0 if not). */
    public int holdCount() {
        Hold hold = holds.get(Thread.currentThread());
        return hold == null ? 0 : hold.count();
    }

    /** Stops listening to the coordinator's session; call when done with this lock object. */
    public void dispose() {
        coordinator.removeSessionStateListener(sessionListener);
    }

    @Override
    public String toString() {
        return "DistributedLock[" + lockPath + ", session " + coordinator.sessionId() + "]";
    }
}
