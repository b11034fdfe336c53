package dev.sluice.flume.sources;

import dev.sluice.flume.AbstractSource;
import dev.sluice.flume.ComponentContext;
import dev.sluice.flume.Event;
import dev.sluice.flume.PollableSource;
import dev.sluice.flume.Status;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates events whose bodies are 0, 1, 2, ... ({@code type = seq}), for tests: {@code totalEvents} (default
 * unlimited), {@code batchSize} (1). Confined to its runner thread.
 */
public final class SequenceSource extends AbstractSource implements PollableSource {

    private long total;
    private int batchSize;
    private long next;

    @Override
    protected void configureSource(ComponentContext context) {
        total = context.number("totalEvents", Long.MAX_VALUE, 0, Long.MAX_VALUE);
        batchSize = context.integer("batchSize", 1, 1, 100_000);
    }

    @Override
    public void start() {
    }

    @Override
    public Status process() {
        if (next >= total) {
            return Status.BACKOFF;
        }
        List<Event> batch = new ArrayList<>(batchSize);
        for (long i = next; i < Math.min(total, next + batchSize); i++) {
            batch.add(Event.ofText(Long.toString(i)));
        }
        deliver(batch);
        next += batch.size();
        return Status.READY;
    }

    @Override
    public void stop() {
    }
}
