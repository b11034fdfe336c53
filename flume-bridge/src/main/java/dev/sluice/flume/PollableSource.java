package dev.sluice.flume;

/**
 * A source the agent drives: its runner thread calls {@link #process()} in a loop, waiting between calls that
 * returned {@link Status#BACKOFF}. {@code process} is only ever called from that one thread.
 */
public interface PollableSource extends Source {

    /** Reads a batch and puts it to the channels; READY if events were put. */
    Status process();

    /** Longest pause after a BACKOFF, in milliseconds. */
    default long maxBackoffMillis() {
        return 1000;
    }
}
