package dev.sluice.coordination.internal;

import dev.sluice.db.OutageLog;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one session alive: every third of the timeout it pushes the session's expiry forward, from its own
 * daemon thread. It also keeps the client's view of the session honest: if no heartbeat has been confirmed for
 * two thirds of the timeout, counted from when that heartbeat was <em>sent</em>, it reports the session
 * suspended. Since the database computes the expiry from a time no earlier than the send, a client always learns
 * of a possible loss a third of the timeout before any other participant may expire the session; that margin is
 * what keeps two lock holders or leaders from overlapping. A heartbeat that finds the session gone or overdue
 * reports it expired and stops.
 *
 * <p>Thread-safe: {@link #start}, {@link #pause} and {@link #stop} may be called from any thread; the handler is
 * called with this sender's lock held (suspended and confirmed never cross), except for {@code sessionExpired}.
 */
public final class HeartbeatSender {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatSender.class);

    /** What the sender reports; called on the heartbeat thread. */
    public interface Handler {
        /** The session is past its expiry or gone; the sender has stopped. */
        void sessionExpired();

        /** No heartbeat confirmed for two thirds of the timeout. */
        void sessionSuspended();

        /** A heartbeat was confirmed after the session had been reported suspended. */
        void sessionConfirmed();
    }

    /** Sends one heartbeat; true when the session was extended, false when it is gone or overdue. */
    public interface Beat {
        boolean send();
    }

    private final String threadName;
    private final String identity;
    private final long intervalNanos;
    private final long leaseNanos;
    private final Beat beat;
    private final Handler handler;
    private final OutageLog outages;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wakeUp = lock.newCondition();
    private volatile boolean running;
    private volatile boolean paused;
    private Thread watchThread;
    private Thread beatThread;
    // Guarded by lock: the lease as last confirmed, whether a beat is due or on its way, what was reported.
    private long leaseDeadline;
    private boolean beatRequested;
    private boolean beatInFlight;
    private boolean suspended;

    public HeartbeatSender(String threadName, String identity, Duration sessionTimeout, Beat beat,
                           Handler handler, OutageLog outages) {
        this.threadName = threadName;
        this.identity = identity;
        this.intervalNanos = sessionTimeout.toNanos() / 3;
        this.leaseNanos = sessionTimeout.toNanos() * 2 / 3;
        this.beat = beat;
        this.handler = handler;
        this.outages = outages;
    }

    /**
     * Starts beating; {@code openedAtNanos} is when the session row was inserted (its first "heartbeat"). Two
     * threads: one sends the beats, the other watches the lease, so that a beat stuck on an unreachable database
     * (a pool waiting for a connection, a socket waiting for an answer) cannot keep the suspension from being
     * reported on time.
     */
    public void start(long openedAtNanos) {
        leaseDeadline = openedAtNanos + leaseNanos;
        running = true;
        watchThread = new Thread(this::watch, threadName + " (lease watch)");
        watchThread.setDaemon(true);
        beatThread = new Thread(this::sendBeats, threadName);
        beatThread.setDaemon(true);
        watchThread.start();
        beatThread.start();
    }

    /** Asks for a beat every interval (never two at once) and reports the lease lapsing. */
    private void watch() {
        // The first heartbeat goes at once: opening a session may have taken a while (class loading, a busy
        // machine), and the lease counts from before the session row was inserted.
        long nextBeat = System.nanoTime();
        lock.lock();
        try {
            while (running) {
                long now = System.nanoTime();
                if (now - nextBeat >= 0 && !beatInFlight) {
                    nextBeat = now + intervalNanos;
                    if (!paused) {
                        beatRequested = true;
                        wakeUp.signalAll();
                    }
                }
                if (!suspended && now - leaseDeadline >= 0) {
                    suspended = true;
                    LOG.warn("{} has had no confirmed heartbeat for {} ms; reporting the session suspended",
                            identity, TimeUnit.NANOSECONDS.toMillis(leaseNanos));
                    handler.sessionSuspended();
                }
                long until = suspended ? nextBeat : earlier(nextBeat, leaseDeadline);
                long remaining = until - System.nanoTime();
                if (remaining > 0) {
                    wakeUp.awaitNanos(remaining);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    /** Sends the beats the watcher asks for; stops when one finds the session expired. */
    private void sendBeats() {
        while (running) {
            lock.lock();
            try {
                while (running && !beatRequested) {
                    wakeUp.await();
                }
                if (!running) {
                    return;
                }
                beatRequested = false;
                beatInFlight = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
                return;
            } finally {
                lock.unlock();
            }
            if (!beatOnce()) {
                running = false;
                signal();
                handler.sessionExpired();
                return;
            }
        }
    }

    /** Sends a heartbeat; returns false when the session turned out to be expired. */
    private boolean beatOnce() {
        long sentAt = System.nanoTime();
        boolean confirmed = false;
        try {
            if (!beat.send()) {
                LOG.warn("{} heartbeat found the session expired", identity);
                return false;
            }
            confirmed = true;
            outages.reached();
        } catch (RuntimeException e) {
            if (!outages.failed(identity + " heartbeat", e)) {
                LOG.warn("{} heartbeat failed; retrying in {} ms", identity,
                        TimeUnit.NANOSECONDS.toMillis(intervalNanos), e);
            }
        } finally {
            lock.lock();
            try {
                beatInFlight = false;
                if (confirmed) {
                    leaseDeadline = sentAt + leaseNanos;
                    if (suspended) {
                        suspended = false;
                        LOG.info("{} heartbeat confirmed again; session no longer suspended", identity);
                        handler.sessionConfirmed();
                    }
                }
                wakeUp.signalAll();
            } finally {
                lock.unlock();
            }
        }
        return true;
    }

    private static long earlier(long a, long b) {
        return a - b <= 0 ? a : b;
    }

    private void signal() {
        lock.lock();
        try {
            wakeUp.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops sending heartbeats but keeps watching the lease, as if the database had become unreachable for this
     * client: the session becomes suspended, then other participants expire it. For tests of failure handling.
     */
    public void pause() {
        paused = true;
        LOG.info("{} heartbeats paused (test hook)", identity);
    }

    /** Stops the threads and waits at most {@code wait} for each. */
    public void stop(Duration wait) {
        running = false;
        signal();
        join(watchThread, wait);
        join(beatThread, wait);
    }

    private static void join(Thread thread, Duration wait) {
        if (thread == null || thread == Thread.currentThread()) {
            return;
        }
        try {
            thread.join(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
