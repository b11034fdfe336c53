package dev.sluice.server.maintenance;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How one maintenance duty has gone on this server: runs, failures, items handled, the last run's duration and
 * time, the last error. Written by the maintenance thread, read by the admin endpoint. Thread-safe (atomics).
 */
public final class DutyStatistics {

    private final String duty;
    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong items = new AtomicLong();
    private final AtomicLong lastDurationNanos = new AtomicLong();
    private final AtomicLong lastRunEpochMs = new AtomicLong();
    private final AtomicReference<String> lastError = new AtomicReference<>();

    public DutyStatistics(String duty) {
        this.duty = duty;
    }

    void succeeded(long handled, long durationNanos, long finishedEpochMs) {
        runs.incrementAndGet();
        items.addAndGet(handled);
        lastDurationNanos.set(durationNanos);
        lastRunEpochMs.set(finishedEpochMs);
    }

    void failed(String error, long durationNanos, long finishedEpochMs) {
        runs.incrementAndGet();
        failures.incrementAndGet();
        lastDurationNanos.set(durationNanos);
        lastRunEpochMs.set(finishedEpochMs);
        lastError.set(error);
    }

    public String duty() {
        return duty;
    }

    public long runs() {
        return runs.get();
    }

    public long failures() {
        return failures.get();
    }

    /** Items handled by all runs (rows deleted, records released, ...). */
    public long items() {
        return items.get();
    }

    public long lastDurationNanos() {
        return lastDurationNanos.get();
    }

    /** When the last run ended, epoch ms; 0 before the first. */
    public long lastRunEpochMs() {
        return lastRunEpochMs.get();
    }

    /** The last failure's message, null if none. */
    public String lastError() {
        return lastError.get();
    }
}
