package dev.sluice.flume;

/**
 * Where events enter an agent. An event-driven source (netcat, syslog, http) runs its own threads from
 * {@link #start()} and hands batches to its {@link ChannelProcessor}; a {@link PollableSource} is driven by the
 * agent's runner thread. A source acknowledges its input (position file, HTTP 200, netcat OK) only after the
 * channel processor returned, which means the batch is committed. Implementations say how they are thread-safe.
 */
public interface Source extends Configurable {

    /** Called once before {@link #start()}. */
    void setChannelProcessor(ChannelProcessor processor);

    /** Set once before {@link #start()}: the counters to update. */
    void setCounters(Counters counters);

    void start();

    /** Stops accepting input and finishes or rolls back the batches in flight, within a bounded time. */
    void stop();
}
