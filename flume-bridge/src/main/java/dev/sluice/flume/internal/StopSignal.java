package dev.sluice.flume.internal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A flag a runner checks and waits on: {@link #pause} returns early when {@link #raise} is called, so a backing
 * off loop stops at once. Thread-safe.
 */
public final class StopSignal {

    private final CountDownLatch raised = new CountDownLatch(1);

    public void raise() {
        raised.countDown();
    }

    public boolean isRaised() {
        return raised.getCount() == 0;
    }

    /** Waits up to {@code millis}; true if the signal was raised (or the thread interrupted). */
    public boolean pause(long millis) {
        try {
            return raised.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
