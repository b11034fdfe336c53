package dev.sluice.flume;

import java.util.List;

/**
 * What every source shares: its name, channel processor and counters, and {@link #deliver}, which counts a batch
 * and returns only once it is committed to the channels. Subclasses say how they are thread-safe.
 */
public abstract class AbstractSource implements Source {

    private String name = "unnamed";
    private ChannelProcessor processor;
    protected Counters counters = new Counters("SOURCE", "unnamed");

    @Override
    public final void configure(ComponentContext context) {
        name = context.componentName();
        configureSource(context);
    }

    protected abstract void configureSource(ComponentContext context);

    public final String name() {
        return name;
    }

    @Override
    public void setChannelProcessor(ChannelProcessor processor) {
        this.processor = processor;
    }

    @Override
    public void setCounters(Counters counters) {
        this.counters = counters;
    }

    /**
     * Puts {@code events} to the channels; returns once committed, so the caller may acknowledge its input.
     *
     * @throws ChannelException when a required channel failed: do not acknowledge
     */
    protected final void deliver(List<Event> events) {
        if (events.isEmpty()) {
            return;
        }
        counters.add(Counters.EVENT_RECEIVED, events.size());
        counters.increment(Counters.BATCH_RECEIVED);
        try {
            processor.processBatch(events);
        } catch (ChannelException e) {
            counters.increment(Counters.CHANNEL_WRITE_FAIL);
            throw e;
        }
        counters.add(Counters.EVENT_ACCEPTED, events.size());
        counters.increment(Counters.BATCH_ACCEPTED);
    }
}
