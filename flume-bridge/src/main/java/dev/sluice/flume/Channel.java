package dev.sluice.flume;

import java.util.List;

/**
 * Where events wait between sources and sinks. {@link #put} is atomic (all events of the call or none) and
 * thread-safe; each sink reads through its own {@link ChannelTaker}.
 */
public interface Channel extends Configurable {

    String name();

    void setCounters(Counters counters);

    void start();

    /**
     * Writes {@code events} in one transaction.
     *
     * @throws ChannelFullException when the channel holds its capacity
     * @throws ChannelException when the transaction failed (nothing was written)
     */
    void put(List<Event> events);

    /** Opens a reader for sink {@code sinkName}; on a topic it reads that sink's durable subscription. */
    ChannelTaker openTaker(String sinkName, String subscription);

    void stop();
}
