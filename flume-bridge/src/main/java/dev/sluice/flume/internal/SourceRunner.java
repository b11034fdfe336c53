package dev.sluice.flume.internal;

import dev.sluice.flume.ChannelException;
import dev.sluice.flume.ChannelFullException;
import dev.sluice.flume.PollableSource;
import dev.sluice.flume.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that drives a {@link PollableSource}: calls {@code process()} in a loop, backing off (doubling from
 * 10 ms up to the source's maximum) after BACKOFF or a channel failure, and logging failures without dying.
 * {@link #stop} lets the current batch finish, then waits a bounded time before interrupting. Thread-safe.
 */
public final class SourceRunner {

    private static final Logger LOG = LoggerFactory.getLogger(SourceRunner.class);
    private static final long FIRST_BACKOFF_MILLIS = 10;

    private final PollableSource source;
    private final String name;
    private final StopSignal stop = new StopSignal();
    private final Thread thread;

    public SourceRunner(PollableSource source, String agentName, String sourceName) {
        this.source = source;
        this.name = agentName + "." + sourceName;
        this.thread = new Thread(this::run, "sluice-flume-source | " + name);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        long backoff = 0;
        while (!stop.isRaised()) {
            Status status;
            try {
                status = source.process();
            } catch (ChannelFullException e) {
                LOG.debug("source {}: {}", name, e.getMessage());
                status = Status.BACKOFF;
            } catch (ChannelException e) {
                LOG.warn("source {}: {}; retrying", name, e.getMessage());
                status = Status.BACKOFF;
            } catch (RuntimeException e) {
                LOG.error("source {}: process failed; retrying", name, e);
                status = Status.BACKOFF;
            }
            if (status == Status.READY) {
                backoff = 0;
            } else {
                backoff = Math.min(backoff == 0 ? FIRST_BACKOFF_MILLIS : backoff * 2, source.maxBackoffMillis());
                stop.pause(backoff);
            }
        }
    }

    /** Stops after the batch in progress; interrupts it if it takes longer than {@code waitMillis}. */
    public void stop(long waitMillis) {
        stop.raise();
        join(thread, waitMillis, name);
    }

    static void join(Thread thread, long waitMillis, String name) {
        try {
            thread.join(waitMillis);
            if (thread.isAlive()) {
                LOG.warn("{} did not stop within {} ms; interrupting it", thread.getName(), waitMillis);
                thread.interrupt();
                thread.join(waitMillis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
