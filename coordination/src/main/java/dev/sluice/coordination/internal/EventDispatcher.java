package dev.sluice.coordination.internal;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one event thread of a coordinator: runs watcher and listener callbacks one at a time, in the order they
 * were submitted. A callback that throws is logged and the thread goes on. Thread-safe.
 */
public final class EventDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);

    private final String identity;
    private final ExecutorService executor;
    private volatile Thread thread;

    public EventDispatcher(String threadName, String identity) {
        this.identity = identity;
        this.executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread created = new Thread(runnable, threadName);
            created.setDaemon(true);
            thread = created;
            return created;
        });
    }

    /** Queues {@code callback}; after {@link #shutdown} callbacks are dropped (and logged at DEBUG). */
    public void submit(String description, Runnable callback) {
        try {
            executor.execute(() -> {
                try {
                    callback.run();
                } catch (RuntimeException | LinkageError | AssertionError e) {
                    LOG.error("{} {} threw; the event thread goes on", identity, description, e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("{} dropped {} after shutdown", identity, description);
        }
    }

    public boolean isEventThread() {
        return Thread.currentThread() == thread;
    }

    /** Lets the callbacks already queued run, then stops; accepts no more; does not wait. */
    public void shutdownWhenDone() {
        executor.shutdown();
    }

    /**
     * Runs the callbacks already queued, then stops, waiting at most {@code wait} (not at all when called from the
     * event thread itself, which would wait for itself).
     */
    public void shutdown(Duration wait) {
        executor.shutdown();
        if (isEventThread()) {
            return;
        }
        try {
            if (!executor.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{} event thread did not finish its callbacks within {} ms; interrupting it", identity,
                        wait.toMillis());
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }
}
