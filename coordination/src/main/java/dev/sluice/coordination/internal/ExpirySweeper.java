package dev.sluice.coordination.internal;

import dev.sluice.db.OutageLog;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Expires dead sessions of any participant, from a coordinator's own daemon thread, so that no single process is
 * needed for it. After each sweep it sleeps until the earliest expiry of any session (by the database clock),
 * plus a small grace, but never longer than the configured check interval, so a session is swept promptly when
 * it becomes due. Concurrent sweepers in other JVMs skip each other's rows (see {@link SessionStore}).
 *
 * <p>Thread-safe.
 */
public final class ExpirySweeper {

    private static final Logger LOG = LoggerFactory.getLogger(ExpirySweeper.class);
    private static final long GRACE_MILLIS = 5;
    private static final long MIN_WAIT_MILLIS = 20;

    private final String threadName;
    private final String identity;
    private final long maxWaitMillis;
    private final Supplier<Set<Long>> sweep;
    private final Supplier<OptionalLong> millisUntilNextExpiry;
    private final OutageLog outages;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wakeUp = lock.newCondition();
    private volatile boolean running;
    private volatile boolean paused;
    private Thread thread;

    public ExpirySweeper(String threadName, String identity, Duration maxWait, Supplier<Set<Long>> sweep,
                         Supplier<OptionalLong> millisUntilNextExpiry, OutageLog outages) {
        this.threadName = threadName;
        this.identity = identity;
        this.maxWaitMillis = maxWait.toMillis();
        this.sweep = sweep;
        this.millisUntilNextExpiry = millisUntilNextExpiry;
        this.outages = outages;
    }

    public void start() {
        running = true;
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            long waitMillis = maxWaitMillis;
            try {
                if (!paused) {
                    Set<Long> expired = sweep.get();
                    if (!expired.isEmpty()) {
                        LOG.debug("{} expired sessions {}", identity, expired);
                    }
                    OptionalLong untilNext = millisUntilNextExpiry.get();
                    outages.reached();
                    if (untilNext.isPresent()) {
                        waitMillis = Math.max(MIN_WAIT_MILLIS, Math.min(maxWaitMillis,
                                untilNext.getAsLong() + GRACE_MILLIS));
                    }
                }
            } catch (RuntimeException e) {
                if (!outages.failed(identity + " sweep of expired sessions", e)) {
                    LOG.warn("{} could not sweep expired sessions; retrying in {} ms", identity, waitMillis, e);
                }
            }
            awaitMillis(waitMillis);
        }
    }

    private void awaitMillis(long millis) {
        lock.lock();
        try {
            long remaining = TimeUnit.MILLISECONDS.toNanos(millis);
            while (running && remaining > 0) {
                remaining = wakeUp.awaitNanos(remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    /** Stops sweeping (the thread stays, idle): with {@link HeartbeatSender#pause()}, a frozen process. */
    public void pause() {
        paused = true;
    }

    public void stop(Duration wait) {
        running = false;
        lock.lock();
        try {
            wakeUp.signalAll();
        } finally {
            lock.unlock();
        }
        Thread sweeperThread = thread;
        if (sweeperThread == null || sweeperThread == Thread.currentThread()) {
            return;
        }
        try {
            sweeperThread.join(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
