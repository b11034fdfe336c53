package dev.sluice.flume;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transaction of a sink, as in Flume: take up to a batch from the channel, {@link #write} it, commit the take
 * only after {@code write} returned (so the output must be durable by then), roll back on any failure so the batch
 * is redelivered. A crash between the write and the commit repeats at most that one batch. Subclasses write;
 * every method runs on the sink's runner thread, so subclasses need no locking of their own.
 */
public abstract class BatchSink implements Sink {

    private static final Logger LOG = LoggerFactory.getLogger(BatchSink.class);

    /** How long a take waits for the first event of a batch. */
    protected static final long TAKE_WAIT_MILLIS = 500;

    private String name = "unnamed";
    private Channel channel;
    private String subscription;
    private ChannelTaker taker;
    private int batchSize = 100;
    protected Counters counters = new Counters("SINK", "unnamed");

    @Override
    public final void configure(ComponentContext context) {
        name = context.componentName();
        configureSink(context);
    }

    /** Reads the sink's keys; call {@link #setBatchSize} with the batch size key's value. */
    protected abstract void configureSink(ComponentContext context);

    protected final void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    protected final int batchSize() {
        return batchSize;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public void setChannel(Channel channel, String subscription) {
        this.channel = channel;
        this.subscription = subscription;
    }

    @Override
    public void setCounters(Counters counters) {
        this.counters = counters;
    }

    @Override
    public final void start() {
        open();
        taker = channel.openTaker(name, subscription);
        counters.increment(Counters.CONNECTION_CREATED);
    }

    /** Opens the output; called before the channel taker opens. */
    protected void open() {
    }

    @Override
    public final Status process() {
        List<Event> batch;
        try {
            batch = taker.take(batchSize, TAKE_WAIT_MILLIS);
        } catch (ChannelException e) {
            throw new EventDeliveryException("Sink " + name + " could not take a batch: " + e.getMessage(), e);
        }
        if (batch.isEmpty()) {
            taker.commit();
            counters.increment(Counters.BATCH_EMPTY);
            idle();
            return Status.BACKOFF;
        }
        counters.add(Counters.DRAIN_ATTEMPT, batch.size());
        try {
            write(batch);
        } catch (Exception e) {
            taker.rollback();
            counters.increment(Counters.EVENT_WRITE_FAIL);
            counters.increment(Counters.CONNECTION_FAILED);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new EventDeliveryException("Sink " + name + " could not write a batch of " + batch.size()
                    + " events (rolled back, will be redelivered): " + e.getMessage(), e);
        }
        try {
            taker.commit();
        } catch (ChannelException e) {
            throw new EventDeliveryException("Sink " + name + " wrote a batch of " + batch.size()
                    + " events but could not commit the take; it will be redelivered: " + e.getMessage(), e);
        }
        counters.add(Counters.DRAIN_SUCCESS, batch.size());
        counters.increment(batch.size() == batchSize ? Counters.BATCH_COMPLETE : Counters.BATCH_UNDERFLOW);
        LOG.debug("sink {}: wrote {} events", name, batch.size());
        return Status.READY;
    }

    /**
     * Writes the batch so that it survives a crash once this returns (flushed and synced, inserted and committed,
     * acknowledged by the receiver).
     */
    protected abstract void write(List<Event> batch) throws Exception;

    /** Called when a take found the channel empty: a chance to roll or close idle output. */
    protected void idle() throws EventDeliveryException {
    }

    @Override
    public final void stop() {
        if (taker != null) {
            taker.close();
            counters.increment(Counters.CONNECTION_CLOSED);
        }
        close();
    }

    /** Closes the output. */
    protected void close() {
    }
}
