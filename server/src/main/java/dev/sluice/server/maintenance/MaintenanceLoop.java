package dev.sluice.server.maintenance;

import dev.sluice.db.OutageLog;
import dev.sluice.server.ErrorMessages;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the maintenance duties, one after the other, every {@code interval}, but only while this server leads:
 * {@link #lead()} and {@link #standBy()} are called by the leader election and take effect before the next duty
 * (a duty already running finishes; every duty is safe to overlap with another server's, so the short overlap a
 * hand-over may cause does no harm). A duty that throws is logged and counted, and the others still run: the loop
 * never dies silently.
 *
 * <p>Lifecycle LATENT → STARTED → CLOSED with compare-and-set transitions. Thread-safe: {@code leading} and the
 * waits are guarded by {@code lock}; the statistics are atomics; the duties run on the one thread
 * {@code sluice-maintenance | server <id>}.
 */
public final class MaintenanceLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MaintenanceLoop.class);
    /**
     * How long {@link #close()} lets a running duty finish before it interrupts it: short, so that a server stops
     * in a few seconds even when a duty waits for an unreachable database (every duty is safe to cut short).
     */
    private static final Duration STOP_WAIT = Duration.ofSeconds(2);

    private enum State { LATENT, STARTED, CLOSED }

    private final String serverId;
    private final List<MaintenanceDuty> duties;
    private final Map<String, DutyStatistics> statistics;
    private final Duration interval;
    private final Clock clock;
    private final OutageLog outages;
    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong lastRunNanos = new AtomicLong();
    private final AtomicLong lastRunEpochMs = new AtomicLong();
    private boolean leading;
    private Thread thread;

    public MaintenanceLoop(String serverId, List<MaintenanceDuty> duties, Duration interval, Clock clock) {
        this(serverId, duties, interval, clock, new OutageLog("the database of server " + serverId));
    }

    /** A loop that reports an outage of the database to {@code outages} (shared with the server's other loops). */
    public MaintenanceLoop(String serverId, List<MaintenanceDuty> duties, Duration interval, Clock clock,
                           OutageLog outages) {
        this.serverId = serverId;
        this.outages = outages;
        this.duties = List.copyOf(duties);
        this.interval = interval;
        this.clock = clock;
        Map<String, DutyStatistics> byName = new LinkedHashMap<>();
        for (MaintenanceDuty duty : this.duties) {
            if (byName.put(duty.name(), new DutyStatistics(duty.name())) != null) {
                throw new IllegalArgumentException("Two maintenance duties are named '" + duty.name() + "'");
            }
        }
        this.statistics = Collections.unmodifiableMap(byName);
    }

    /** Starts the thread; it waits until {@link #lead()}. */
    public void start() {
        if (!state.compareAndSet(State.LATENT, State.STARTED)) {
            throw new IllegalStateException("Maintenance of server '" + serverId + "' cannot start: it is "
                    + state.get());
        }
        thread = new Thread(this::loop, "sluice-maintenance | server " + serverId);
        thread.setDaemon(true);
        thread.start();
    }

    /** This server became the leader: run the duties from now on. Returns at once. */
    public void lead() {
        setLeading(true);
    }

    /** This server is no longer the leader: stop before the next duty. Returns at once. */
    public void standBy() {
        setLeading(false);
    }

    private void setLeading(boolean newLeading) {
        lock.lock();
        try {
            leading = newLeading;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public boolean leading() {
        lock.lock();
        try {
            return leading;
        } finally {
            lock.unlock();
        }
    }

    /** Per duty, in the order they run. */
    public Map<String, DutyStatistics> statistics() {
        return statistics;
    }

    /** Complete runs of all duties since start. */
    public long runs() {
        return runs.get();
    }

    public long lastRunNanos() {
        return lastRunNanos.get();
    }

    /** When the last complete run ended, epoch ms; 0 before the first. */
    public long lastRunEpochMs() {
        return lastRunEpochMs.get();
    }

    public Duration interval() {
        return interval;
    }

    private void loop() {
        LOG.debug("Server '{}': maintenance thread started (every {} ms while leader)", serverId, interval.toMillis());
        try {
            while (awaitLeadership()) {
                runOnce();
                awaitInterval();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.debug("Server '{}': maintenance thread ended", serverId);
    }

    /** Waits until this server leads or the loop closes; true when it leads. */
    private boolean awaitLeadership() throws InterruptedException {
        lock.lock();
        try {
            while (!leading && state.get() == State.STARTED) {
                changed.await();
            }
            return state.get() == State.STARTED;
        } finally {
            lock.unlock();
        }
    }

    private void awaitInterval() throws InterruptedException {
        lock.lock();
        try {
            long remaining = interval.toNanos();
            while (leading && state.get() == State.STARTED && remaining > 0) {
                remaining = changed.awaitNanos(remaining);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs every duty once, now, on the calling thread, while this server leads (the loop does this every
     * interval); returns whether all of them ran.
     */
    public boolean runOnce() {
        long started = System.nanoTime();
        for (MaintenanceDuty duty : duties) {
            if (!leading() || state.get() == State.CLOSED) {
                return false;
            }
            DutyStatistics dutyStatistics = statistics.get(duty.name());
            long dutyStarted = System.nanoTime();
            try {
                long handled = duty.run();
                outages.reached();
                dutyStatistics.succeeded(handled, System.nanoTime() - dutyStarted, clock.millis());
                if (handled > 0) {
                    LOG.debug("Server '{}': maintenance duty '{}' handled {} items", serverId, duty.name(), handled);
                }
            } catch (RuntimeException e) {
                String error = ErrorMessages.oneLine(e);
                boolean repeated = error.equals(dutyStatistics.lastError());
                dutyStatistics.failed(error, System.nanoTime() - dutyStarted, clock.millis());
                if (state.get() == State.CLOSED) {
                    // Cut short by close(): an interrupted wait, not trouble to report.
                    LOG.debug("Server '{}': maintenance duty '{}' cut short by the server's stop", serverId,
                            duty.name(), e);
                    return false;
                }
                if (outages.failed("Maintenance duty '" + duty.name() + "' of server '" + serverId + "'", e)) {
                    continue;
                }
                if (repeated) {
                    // Same trouble as last time (the database is down, say): one line, not a stack trace a second.
                    LOG.warn("Server '{}': maintenance duty '{}' failed again: {}", serverId, duty.name(), error);
                } else {
                    LOG.warn("Server '{}': maintenance duty '{}' failed; it runs again in {} ms", serverId,
                            duty.name(), interval.toMillis(), e);
                }
            }
        }
        lastRunNanos.set(System.nanoTime() - started);
        lastRunEpochMs.set(clock.millis());
        runs.incrementAndGet();
        return true;
    }

    /** Stops the loop: waits up to 2 s for a running duty to finish, then interrupts it. Idempotent. */
    @Override
    public void close() {
        close(STOP_WAIT);
    }

    /** Stops the loop: waits up to {@code wait} for a running duty to finish, then interrupts it. Idempotent. */
    public void close(Duration wait) {
        State previous = state.getAndSet(State.CLOSED);
        if (previous == State.CLOSED) {
            return;
        }
        lock.lock();
        try {
            leading = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (thread == null) {
            return;
        }
        try {
            thread.join(wait.toMillis());
            if (thread.isAlive()) {
                LOG.warn("Server '{}': maintenance did not stop within {} ms; interrupting it", serverId,
                        wait.toMillis());
                thread.interrupt();
                thread.join(TimeUnit.SECONDS.toMillis(1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
