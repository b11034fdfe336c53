package dev.sluice.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition with a deadline instead of sleeping a fixed time. The failure message says what was
 * awaited and the state seen last.
 */
public final class Await {

    private static final long POLL_NANOS = Duration.ofMillis(10).toNanos();

    private Await() {
    }

    /**
     * Returns once {@code condition} holds; throws {@link AssertionError} with {@code details} when it still does
     * not hold after {@code timeout} (scaled by {@link Timing}).
     */
    public static void until(BooleanSupplier condition, Duration timeout, Supplier<String> details) {
        long deadline = System.nanoTime() + Timing.scaled(timeout).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("Condition not met within " + Timing.scaled(timeout) + ": " + details.get());
            }
            // Re-checking a condition, not waiting for an event: the deadline, not this pause, decides.
            LockSupport.parkNanos(POLL_NANOS);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting: " + details.get());
            }
        }
    }
}
