package dev.sluice.flume;

/**
 * Where events leave an agent: {@link #process()} takes a batch from the sink's channel in a transaction, writes
 * it, and commits only once the output is durable; on failure it rolls back so the batch is redelivered.
 * {@code process} is called from one runner thread at a time (its sink group's). See {@link BatchSink}.
 */
public interface Sink extends Configurable {

    String name();

    /**
     * Called once before configure: the channel to take from and, when it is a topic, the name of this sink's
     * durable subscription.
     */
    void setChannel(Channel channel, String subscription);

    void setCounters(Counters counters);

    /** Opens the channel taker (for a topic this makes the durable subscription exist) and the output. */
    void start();

    /**
     * Takes, writes and commits one batch.
     *
     * @throws EventDeliveryException when the batch could not be written (it was rolled back)
     */
    Status process();

    void stop();
}
