package dev.sluice.flume.internal;

import dev.sluice.flume.SinkProcessor;
import dev.sluice.flume.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that drives a sink group's {@link SinkProcessor}. An empty channel needs no pause (the take itself
 * waits for a message); a failure backs off, doubling from 100 ms up to 5 s. {@link #drainAndStop} lets the sinks
 * empty the channel (until a take comes back empty, or the time is up) before the thread ends. Thread-safe.
 */
public final class SinkRunner {

    private static final Logger LOG = LoggerFactory.getLogger(SinkRunner.class);

    private final SinkProcessor processor;
    private final String name;
    private final StopSignal stop = new StopSignal();
    private volatile boolean draining;
    private volatile long drainDeadline;
    private final Thread thread;

    public SinkRunner(SinkProcessor processor, String agentName, String groupName) {
        this.processor = processor;
        this.name = agentName + "." + groupName;
        this.thread = new Thread(this::run, "sluice-flume-sink | " + name);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        long backoff = 0;
        while (!stop.isRaised()) {
            Status status;
            try {
                status = processor.process();
                backoff = 0;
            } catch (RuntimeException e) {
                backoff = Math.min(backoff == 0 ? 100 : backoff * 2, 5000);
                LOG.warn("sink {}: {}; retrying in {} ms", name, e.getMessage(), backoff);
                if (draining && System.currentTimeMillis() > drainDeadline) {
                    return;
                }
                stop.pause(backoff);
                continue;
            }
            if (draining && (status == Status.BACKOFF || System.currentTimeMillis() > drainDeadline)) {
                return;
            }
        }
    }

    /** Lets the sinks drain for at most {@code drainMillis}, then stops the thread. */
    public void drainAndStop(long drainMillis) {
        drainDeadline = System.currentTimeMillis() + drainMillis;
        draining = true;
        try {
            thread.join(drainMillis + 2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stop.raise();
        SourceRunner.join(thread, 5000, name);
    }
}
